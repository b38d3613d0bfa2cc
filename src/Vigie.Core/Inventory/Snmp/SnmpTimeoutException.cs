namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// The agent did not answer within the timeout on any attempt. SNMP agents stay silent on a wrong community or an
/// unknown address, so this is also what bad v1/v2c credentials look like.
/// </summary>
public class SnmpTimeoutException : SnmpException
{
    public SnmpTimeoutException()
    {
    }

    public SnmpTimeoutException(string message)
        : base(message)
    {
    }

    public SnmpTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
