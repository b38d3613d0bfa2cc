namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// An SNMP operation failed: malformed packet, protocol violation, agent error, timeout. Messages name the agent
/// but never a community or password.
/// </summary>
public class SnmpException : Exception
{
    public SnmpException()
    {
    }

    public SnmpException(string message)
        : base(message)
    {
    }

    public SnmpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
