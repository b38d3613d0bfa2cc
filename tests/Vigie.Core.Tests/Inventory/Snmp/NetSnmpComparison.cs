using System.Globalization;
using Vigie.Core.Inventory.Snmp;

namespace Vigie.Core.Tests.Inventory.Snmp;

/// <summary>Compares what the client decoded with what the net-snmp CLI printed for the same variable.</summary>
internal static class NetSnmpComparison
{
    /// <summary>Counters move between two walks of a live agent; their values are not compared.</summary>
    public static bool IsVolatile(NetSnmpValue expected) => expected.Type is "Counter32" or "Counter64";

    public static void AssertSameVarBinds(IReadOnlyList<NetSnmpValue> expected, IReadOnlyList<VarBind> actual)
    {
        Assert.Equal(expected.Select(value => value.Oid), actual.Select(varBind => "." + varBind.Oid));
        for (var i = 0; i < expected.Count; i++)
        {
            if (!IsVolatile(expected[i]))
            {
                AssertSameValue(expected[i], actual[i].Value);
            }
        }
    }

    public static void AssertSameValue(NetSnmpValue expected, SnmpValue actual)
    {
        var rendered = expected.Type switch
        {
            "STRING" => actual.AsString(),
            "Hex-STRING" => string.Join(' ', actual.AsBytes().Select(b => b.ToString("X2", CultureInfo.InvariantCulture))),
            "INTEGER" => actual.AsInteger().ToString(CultureInfo.InvariantCulture),
            "Gauge32" or "Counter32" or "Counter64" => actual.AsUInt64().ToString(CultureInfo.InvariantCulture),
            "Timeticks" => $"({actual.AsUInt().ToString(CultureInfo.InvariantCulture)})",
            "OID" => "." + actual.AsOid(),
            "IpAddress" => actual.AsIpAddress().ToString(),
            _ => throw new InvalidOperationException($"No comparison for net-snmp type {expected.Type} at {expected.Oid}."),
        };
        var text = expected.Type == "Timeticks" ? expected.Text[..(expected.Text.IndexOf(')', StringComparison.Ordinal) + 1)] : expected.Text;
        Assert.True(text == rendered, $"{expected.Oid}: net-snmp says {expected.Type} '{text}', the client decoded '{rendered}' ({actual})");
    }
}
