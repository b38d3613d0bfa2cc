namespace Vigie.Core.Inventory.Snmp;

/// <summary>An encoded request and the id its answer must carry (request-id for v1/v2c, msgID for v3).</summary>
internal readonly record struct OutgoingMessage(byte[] Datagram, int MessageId);
