namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// An SNMPv3 agent answered with a Report instead of a response: wrong password (wrongDigests), unknown user,
/// unsupported security level, decryption error, or a time window that could not be synchronised.
/// </summary>
public class SnmpReportException : SnmpException
{
    public SnmpReportException()
    {
    }

    public SnmpReportException(string message)
        : base(message)
    {
    }

    public SnmpReportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SnmpReportException(string message, Oid reportOid, string reportName)
        : base(message)
    {
        ReportOid = reportOid;
        ReportName = reportName;
    }

    /// <summary>The counter the agent reported, e.g. 1.3.6.1.6.3.15.1.1.5.0.</summary>
    public Oid? ReportOid { get; }

    /// <summary>The counter's short name, e.g. "wrongDigests", "unknownUserNames".</summary>
    public string? ReportName { get; }
}
