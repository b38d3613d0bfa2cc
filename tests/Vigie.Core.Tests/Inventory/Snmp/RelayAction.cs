namespace Vigie.Core.Tests.Inventory.Snmp;

/// <summary>What <see cref="UdpRelay"/> does with one request.</summary>
internal enum RelayAction
{
    Forward,
    Drop,
    AnswerTooBig,
    StraysThenForward,
}
