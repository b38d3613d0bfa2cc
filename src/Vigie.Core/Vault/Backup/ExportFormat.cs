namespace Vigie.Core.Vault.Backup;

/// <summary>
/// The full vault export file (<c>.vve</c>), format version 1: one file holding every folder, grant and entry (every
/// kept version, decrypted), encrypted under a key derived from a passphrase, so that it restores into any Vigie
/// server whatever its own seal and keys.
/// </summary>
/// <remarks>
/// <para>Layout (integers big-endian):</para>
/// <code>
/// header, 100 bytes, in clear but authenticated
///    0  18  magic "VIGIE-VAULT-EXPORT" (ASCII)
///   18   1  format version: 1
///   19   1  key derivation: 1 = PBKDF2-HMAC-SHA256
///   20   4  iterations (600,000 to 10,000,000; 600,000 written by default)
///   24  32  salt (random)
///   56   4  chunk size (4 KiB to 1 MiB; 64 KiB written)
///   60   8  nonce prefix (random)
///   68  32  HMAC-SHA256(header key, bytes 0 to 67)
/// frames, one after the other until the final one
///    4  bit 31: final flag; bits 0-30: plaintext length L (at most the chunk size)
///    L  AES-256-GCM ciphertext
///   16  GCM tag
/// </code>
/// <para>Keys: <c>M = PBKDF2-HMAC-SHA256(passphrase as UTF-8, salt, iterations, 32 bytes)</c>;
/// chunk key = <c>HKDF-Expand-SHA256(M, "vigie-vault-export/v1/chunk-key", 32)</c>, header key =
/// <c>HKDF-Expand-SHA256(M, "vigie-vault-export/v1/header-key", 32)</c>. The passphrase is used as typed (no Unicode
/// normalisation) and must have at least 12 characters.</para>
/// <para>Frame <c>i</c> (counted from 0) is sealed with nonce <c>prefix ‖ i</c> (32 bits) and associated data
/// <c>SHA-256(header) ‖ final flag</c> (one byte, 0 or 1): the "STREAM" construction. The frames before the final one
/// carry the gzip-compressed document; the final frame carries the manifest (UTF-8 JSON, not compressed).</para>
/// <para>Document: UTF-8 JSON Lines, one object per line with its <c>type</c> first: <c>folder</c> (parents before
/// their children: id, parentId, spaceId, name, readOnly, policy, createdAt, updatedAt), <c>grant</c> (id, folderId,
/// principalKind, principalId, principalName, access, expiresAt, grantedBy, createdAt), <c>secret</c> (id, folderId,
/// kind, title, url, tags, version, createdAt, updatedAt, passwordChangedAt, and <c>versions</c>: every kept version
/// with version, createdAt, createdBy, username, password, notes, fields). Names are camelCase, times ISO 8601 UTC.</para>
/// <para>Manifest (see <see cref="ExportManifest"/>): format name and version, creation time, server version,
/// counts, key-derivation parameters, chunk size, and the SHA-256 and length of the uncompressed document.</para>
/// <para>What is detected: a wrong passphrase or an altered header (header MAC); an altered, reordered, duplicated or
/// dropped frame (GCM tag, the counter being in the nonce); a file cut anywhere (a short frame, or no final frame);
/// bytes after the final frame; and a document that does not match its manifest.</para>
/// </remarks>
public static class ExportFormat
{
    public const string Name = "vigie-vault-export";
    public const byte Version = 1;
    public const string Magic = "VIGIE-VAULT-EXPORT";
    public const string FileExtension = ".vve";
    public const string MediaType = "application/octet-stream";
    public const byte Pbkdf2Sha256 = 1;
    public const string KdfName = "PBKDF2-HMAC-SHA256";
    public const int MinIterations = 600_000;
    public const int MaxIterations = 10_000_000;
    public const int DefaultChunkSize = 64 * 1024;
    public const int MinChunkSize = 4 * 1024;
    public const int MaxChunkSize = 1024 * 1024;
    public const int MinPassphraseCharacters = 12;
    public const int MaxPassphraseBytes = 1024;
    internal const int SaltBytes = 32;
    internal const int NoncePrefixBytes = 8;
    internal const int TagBytes = 16;
    internal const int FramePrefixBytes = 4;
    internal const uint FinalFlag = 0x8000_0000;
}
