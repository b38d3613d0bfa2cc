using Microsoft.Extensions.Options;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Storage;
using Vigie.Core.Vault.Folders;
using Vigie.Core.Vault.Kdbx;
using Vigie.Core.Vault.Sealing;
using Vigie.Core.Vault.Secrets;

namespace Vigie.Core.Vault.Imports;

/// <summary>
/// Imports a KeePass database (KDBX 4, and 3.1 as KeePassXC still writes it) or a Bitwarden / KeePassXC CSV export into
/// a folder, on the <c>write</c> right there. The file's groups become subfolders of the target — created by the
/// import even though creating folders otherwise needs <c>manage</c> — or reuse the same-named subfolders already
/// there. An entry whose title is already in its destination folder is skipped and reported (<c>duplicate</c>), so
/// that importing the same file again adds nothing; entries sharing a title within the file are all imported, as
/// KeePass allows. KeePass history becomes earlier versions, oldest first, the newest <c>Vault:HistoryVersions</c>
/// kept. All or nothing: the folders, entries, versions and one <c>vault.imported</c> audit row are written in one
/// transaction, and a file that cannot be read is refused with 400 and writes nothing. A dry run reads and checks
/// everything and reports the same numbers, writing nothing.
/// </summary>
public sealed class VaultImport
{
    /// <summary>Largest file accepted: 64 MiB, far beyond tens of thousands of entries.</summary>
    public const int MaxFileBytes = 64 * 1024 * 1024;

    /// <summary>Most entries in one file (skipped ones included).</summary>
    public const int MaxEntries = 100_000;

    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;
    private readonly VaultSeal _seal;
    private readonly VaultFolders _folders;
    private readonly VaultSecrets _secrets;
    private readonly VaultOptions _options;

    public VaultImport(IDbConnectionFactory connections, IAuditLog audit, TimeProvider clock, VaultSeal seal, VaultFolders folders, VaultSecrets secrets,
        IOptions<VaultOptions> options)
    {
        _connections = connections;
        _audit = audit;
        _clock = clock;
        _seal = seal;
        _folders = folders;
        _secrets = secrets;
        _options = options.Value;
    }

    /// <param name="format"><c>kdbx</c> or <c>csv</c> (the CSV flavour is recognised by its header).</param>
    /// <param name="password">The KDBX master password as UTF-8; the caller clears it. Unused for CSV.</param>
    public async Task<ImportReport> ImportAsync(AuditActor actor, VaultPrincipal principal, Guid folderId, string? format, Stream file, byte[]? password,
        bool dryRun, CancellationToken ct)
    {
        var kind = format?.Trim().ToLowerInvariant();
        var errors = new ValidationErrors();
        if (kind is not ("kdbx" or "csv"))
        {
            errors.Add("format", "must be kdbx or csv");
        }
        if (kind == "kdbx" && (password is null || password.Length == 0))
        {
            errors.Add("password", "is required to open a KDBX file");
        }
        errors.ThrowIfAny();
        _seal.EnsureUnsealed();
        await _folders.RequireAsync(principal, folderId, VaultAccess.Write, ct);

        ImportContent content;
        using (var buffer = await ImportBuffer.ReadAsync(file, MaxFileBytes, ct))
        {
            if (buffer.Length == 0)
            {
                throw BadFile("The file is empty.");
            }
            content = kind == "kdbx" ? await ReadKdbxAsync(buffer, password!, ct) : CsvImportSource.Read(buffer.Span, MaxEntries);
        }
        var plan = await ImportPlan.BuildAsync(_connections, _folders, _clock, principal, folderId, content.Folders, ct);
        var now = _clock.GetUtcNow();
        var skipped = content.Skipped.ToList();
        var accepted = new List<(Guid Folder, List<VersionInput> Versions)>();
        var trimmed = 0;
        var losses = new List<ImportLoss>();
        foreach (var entry in content.Entries)
        {
            var folder = plan.FolderOf(entry.Folder);
            var path = string.Join('/', entry.Folder);
            if (plan.HasTitle(folder, entry.Title))
            {
                skipped.Add(new ImportSkip("duplicate", "An entry with this title is already in the folder.", entry.Line, path, entry.Title));
                continue;
            }
            var states = entry.States.TakeLast(_options.HistoryVersions).ToList();
            var versions = states.Select(s => new VersionInput(
                new SecretInput(entry.Kind, entry.Title, s.Username, s.Password, entry.Url, s.Notes, entry.Tags, s.Fields),
                s.At is { } at && at <= now ? at : now)).ToList();
            if (Invalid(versions) is { } reason)
            {
                skipped.Add(new ImportSkip("invalid", reason, entry.Line, path, entry.Title));
                continue;
            }
            trimmed += entry.States.Count - states.Count;
            accepted.Add((folder, versions));
            if (entry.Attachments is { Count: > 0 } attachments)
            {
                losses.Add(new ImportLoss(path, entry.Title, "attachments", attachments));
            }
        }
        var report = new ImportReport(content.Format, dryRun, folderId, plan.NewFolders.Count, plan.NewFolders.Select(f => f.Path).ToList(), accepted.Count,
            accepted.Sum(a => a.Versions.Count), trimmed, skipped.Count, skipped.Take(ImportReport.MaxListedSkips).ToList(), losses.Count,
            losses.Take(ImportReport.MaxListedSkips).ToList());
        if (dryRun)
        {
            return report;
        }

        // Encrypted before the transaction opens, so that the write lock is held for the inserts only.
        var spaceKey = await _secrets.SpaceKeyAsync(folderId, ct);
        var prepared = accepted.Select(a => _secrets.Prepare(spaceKey, a.Folder, a.Versions, now)).ToList();
        await _connections.InTransactionAsync(async (c, t) =>
        {
            await plan.InsertFoldersAsync(c, t, now, ct);
            foreach (var entry in prepared)
            {
                await VaultSecrets.InsertAsync(c, t, entry, actor.Name, ct);
            }
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.VaultImported, $"vault-folder:{folderId}", AuditEntry.Success,
                new Dictionary<string, object?>
                {
                    ["format"] = report.Format, ["folders"] = report.FoldersCreated, ["entries"] = report.Entries, ["versions"] = report.Versions,
                    ["historyTrimmed"] = report.HistoryTrimmed, ["skipped"] = report.SkippedCount,
                }), ct);
        }, ct);
        return report;
    }

    /// <summary>413 <c>file_too_large</c>: the file is over <see cref="MaxFileBytes"/>.</summary>
    public static ProblemException FileTooLarge() =>
        new(413, "file_too_large", "The file is too large to import.", $"At most {MaxFileBytes / (1024 * 1024)} MiB are accepted.");

    internal static ProblemException BadFile(string detail) => new(400, "bad_file", "The file cannot be imported.", detail);

    private static async Task<ImportContent> ReadKdbxAsync(ImportBuffer buffer, byte[] password, CancellationToken ct)
    {
        using var credentials = KdbxCredentials.FromPassword(password.AsSpan());
        var limits = KdbxReadLimits.Default with { MaxFileBytes = MaxFileBytes };
        try
        {
            // The key derivation takes seconds of CPU by design: off the request's thread.
            return await Task.Run(() =>
            {
                using var stream = buffer.OpenRead();
                using var database = KdbxReader.Read(stream, credentials, limits, ct);
                return KdbxImportSource.Read(database, MaxEntries);
            }, ct);
        }
        catch (KdbxFormatException unreadable)
        {
            // The library's messages are plain and never hold file contents or the password.
            throw unreadable.Error switch
            {
                KdbxError.WrongCredentials => new ProblemException(400, "wrong_password", "The password does not open the file.", unreadable.Message),
                KdbxError.Unsupported or KdbxError.UnsupportedVersion or KdbxError.LimitExceeded =>
                    new ProblemException(400, "unsupported_file", "This KeePass file cannot be imported.", unreadable.Message),
                _ => BadFile(unreadable.Message),
            };
        }
    }

    /// <summary>Why the versions would be refused (the entry checks of <see cref="VaultSecrets"/>), or null.</summary>
    private static string? Invalid(IEnumerable<VersionInput> versions)
    {
        var reasons = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var version in versions)
        {
            try
            {
                VaultSecrets.Check(version.Input);
            }
            catch (ProblemException refused) when (refused.Errors is not null)
            {
                reasons.UnionWith(refused.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key} {m}")));
            }
        }
        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }
}
