namespace Vigie.Core.Inventory.Snmp;

/// <summary>The usmStats counters an agent reports (RFC 3414 section 5), plus anything else.</summary>
internal enum UsmReportKind
{
    Other = 0,
    UnsupportedSecurityLevel = 1,
    NotInTimeWindow = 2,
    UnknownUserName = 3,
    UnknownEngineId = 4,
    WrongDigest = 5,
    DecryptionError = 6,
}
