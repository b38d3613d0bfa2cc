namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// A decoded SNMPv3 message (RFC 3412 section 6). <see cref="ScopedPduData"/> is the plaintext ScopedPDU TLV, or
/// the ciphertext when <see cref="V3MessageFlags.Priv"/> is set.
/// </summary>
internal sealed record V3Message(int MessageId, int MaxSize, V3MessageFlags Flags, UsmSecurityParameters Security, byte[] ScopedPduData);
