namespace Vigie.Core.Inventory.Snmp;

/// <summary>The agent answered with a non-zero error-status (noSuchName, tooBig, genErr, ...).</summary>
public class SnmpErrorException : SnmpException
{
    public SnmpErrorException()
    {
    }

    public SnmpErrorException(string message)
        : base(message)
    {
    }

    public SnmpErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SnmpErrorException(string message, SnmpErrorStatus status, int errorIndex, Oid? failedOid)
        : base(message)
    {
        Status = status;
        ErrorIndex = errorIndex;
        FailedOid = failedOid;
    }

    public SnmpErrorStatus Status { get; }

    /// <summary>The RFC name of the status, e.g. "noSuchName", "tooBig", "genErr".</summary>
    public string StatusName => SnmpErrorStatusNames.Name(Status);

    /// <summary>1-based index of the variable binding the agent blamed; 0 when none.</summary>
    public int ErrorIndex { get; }

    public Oid? FailedOid { get; }
}
