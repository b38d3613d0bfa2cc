namespace Vigie.Core.Vault.Backup;

/// <summary>
/// The manifest of an export: the final, authenticated frame of the file. <see cref="DocumentSha256"/> and
/// <see cref="DocumentBytes"/> describe the uncompressed JSON Lines document carried by the frames before it.
/// </summary>
public sealed record ExportManifest(
    string Format,
    int FormatVersion,
    DateTimeOffset CreatedAt,
    string ServerVersion,
    ExportCounts Counts,
    ExportKdf Kdf,
    int ChunkSize,
    string Compression,
    string DocumentSha256,
    long DocumentBytes);

/// <summary>What an export holds: folders (of which spaces), grants, entries and their versions.</summary>
public sealed record ExportCounts(int Folders, int Spaces, int Grants, int Secrets, int Versions);

/// <summary>How the key was derived from the passphrase (the same values are in the clear header).</summary>
public sealed record ExportKdf(string Algorithm, int Iterations, string Salt);
