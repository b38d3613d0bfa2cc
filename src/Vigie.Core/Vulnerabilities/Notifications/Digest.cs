namespace Vigie.Core.Vulnerabilities.Notifications;

/// <summary>One day's statistics, as sent by email and webhook.</summary>
public sealed record Digest(
    DateTimeOffset From,
    DateTimeOffset To,
    int AssetsInventoried,
    int AssetsNotSeen,
    int NotSeenDays,
    IReadOnlyDictionary<string, int> NewBySeverity,
    IReadOnlyDictionary<string, int> ResolvedBySeverity,
    int OpenFindings,
    int KevOpen,
    IReadOnlyList<DigestCve> TopCves,
    IReadOnlyList<DigestSoftware> TopSoftware);

public sealed record DigestCve(string CveId, string? Severity, double? CvssScore, bool Kev, int Assets);

public sealed record DigestSoftware(string Software, int Findings);

/// <summary>A notification sent (or not) on one channel.</summary>
public sealed record Delivery(string Channel, string Target, string Status, string? Error);
