using System.Net;

namespace Vigie.Core.Inventory.Snmp;

/// <summary>Recognises USM reports and turns the fatal ones into exceptions that say what to fix.</summary>
internal static class UsmReports
{
    private static readonly Oid UsmStats = new(1, 3, 6, 1, 6, 3, 15, 1, 1);

    public static UsmReportKind Classify(SnmpPdu report)
    {
        foreach (var varBind in report.VarBinds)
        {
            var arcs = varBind.Oid.Arcs;
            if (varBind.Oid.IsDescendantOf(UsmStats) && arcs.Length >= UsmStats.Length + 1)
            {
                var counter = arcs[UsmStats.Length];
                if (counter is >= 1 and <= 6)
                {
                    return (UsmReportKind)counter;
                }
            }
        }
        return UsmReportKind.Other;
    }

    public static SnmpReportException ToException(SnmpPdu report, IPEndPoint agent, string user)
    {
        var kind = Classify(report);
        var oid = report.VarBinds.Count > 0 ? report.VarBinds[0].Oid : UsmStats;
        var (name, explanation) = kind switch
        {
            UsmReportKind.WrongDigest => ("wrongDigests", $"authentication failure for user '{user}' (usmStatsWrongDigests): wrong authentication password or protocol"),
            UsmReportKind.UnknownUserName => ("unknownUserNames", $"unknown user '{user}' (usmStatsUnknownUserNames)"),
            UsmReportKind.UnsupportedSecurityLevel => ("unsupportedSecLevels", $"security level not allowed for user '{user}' (usmStatsUnsupportedSecLevels)"),
            UsmReportKind.DecryptionError => ("decryptionErrors", $"the agent could not decrypt the request of user '{user}' (usmStatsDecryptionErrors): wrong privacy password or protocol"),
            UsmReportKind.NotInTimeWindow => ("notInTimeWindows", "engine time still outside the window after resynchronisation (usmStatsNotInTimeWindows)"),
            UsmReportKind.UnknownEngineId => ("unknownEngineIDs", "engine ID still unknown after discovery (usmStatsUnknownEngineIDs)"),
            _ => ("report", $"unexpected report {oid}"),
        };
        return new SnmpReportException($"SNMPv3 agent {agent} refused the request: {explanation}.", oid, name);
    }
}
