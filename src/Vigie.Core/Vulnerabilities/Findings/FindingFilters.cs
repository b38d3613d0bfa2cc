using System.Text;
using Dapper;
using Vigie.Core.Common;

namespace Vigie.Core.Vulnerabilities.Findings;

/// <summary>The filters the finding list and the fleet views share: their checks and their SQL.</summary>
internal static class FindingFilters
{
    public static readonly string[] Severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "NONE"];

    public static void Check(ValidationErrors errors, string? severity, int limit)
    {
        if (severity is not null && !Severities.Contains(severity.ToUpperInvariant()))
        {
            errors.Add("severity", $"must be one of {string.Join(", ", Severities).ToLowerInvariant()}");
        }
        if (limit is < 1 or > 100000)
        {
            errors.Add("limit", "must be between 1 and 100000");
        }
    }

    /// <summary>Appends the severity and KEV conditions (on <c>v</c>, the CVE) and binds their parameters.</summary>
    public static void AppendCve(StringBuilder sql, DynamicParameters p, string? severity, bool? kev)
    {
        if (severity is not null)
        {
            sql.Append(" AND v.severity = @Severity");
            p.Add("Severity", severity.ToUpperInvariant());
        }
        if (kev == true)
        {
            sql.Append(" AND v.kev = @True");
            p.Add("True", true);
        }
    }

    /// <summary>Appends the decision condition (on <c>f</c>, the finding).</summary>
    /// <param name="disposed">false: hide findings under a decision still in force; true: only those; null: all.</param>
    public static void AppendDisposition(StringBuilder sql, DynamicParameters p, bool? disposed, DateTimeOffset now)
    {
        if (disposed is null)
        {
            return;
        }
        sql.Append(disposed.Value
            ? " AND f.disposition IS NOT NULL AND f.disposition_expires_at > @Now"
            : " AND (f.disposition IS NULL OR f.disposition_expires_at <= @Now)");
        p.Add("Now", now.ToUniversalTime());
    }
}
