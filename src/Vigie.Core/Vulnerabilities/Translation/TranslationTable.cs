using Dapper;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Storage;

namespace Vigie.Core.Vulnerabilities.Translation;

/// <summary>
/// The translation table in force: the administrator's version when one was saved, otherwise the one shipped in the
/// repository. Saving validates every rule first (a bad table changes nothing) and is audited.
/// </summary>
public sealed class TranslationTable
{
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;
    private volatile SoftwareTranslator? _current;

    public TranslationTable(IDbConnectionFactory connections, IAuditLog audit, TimeProvider clock)
    {
        _connections = connections;
        _audit = audit;
        _clock = clock;
    }

    public async Task<SoftwareTranslator> CurrentAsync(CancellationToken ct)
    {
        if (_current is { } cached)
        {
            return cached;
        }
        var json = await JsonAsync(ct);
        return _current = new SoftwareTranslator(SoftwareTranslator.Parse(json));
    }

    public async Task<string> JsonAsync(CancellationToken ct)
    {
        await using var c = await _connections.OpenAsync(ct);
        return await c.QueryFirstOrDefaultAsync<string?>(new CommandDefinition("SELECT content FROM vuln_translation_table WHERE id = 1", cancellationToken: ct))
            ?? SoftwareTranslator.EmbeddedJson();
    }

    public async Task<int> SaveAsync(AuditActor actor, string? json, CancellationToken ct)
    {
        IReadOnlyList<TranslationRule> rules;
        try
        {
            rules = SoftwareTranslator.Parse(json ?? "");
        }
        catch (FormatException ex)
        {
            throw ProblemException.Validation("rules", ex.Message);
        }
        await _connections.InTransactionAsync(async (c, t) =>
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO vuln_translation_table (id, content, updated_at, updated_by) VALUES (1, @Content, @Now, @By)
                ON CONFLICT (id) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """, new { Content = json, Now = _clock.GetUtcNow(), By = actor.Name }, t, cancellationToken: ct));
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.TranslationTableChanged, "translation-table", AuditEntry.Success,
                new Dictionary<string, object?> { ["rules"] = rules.Count }), ct);
        }, ct);
        _current = new SoftwareTranslator(rules);
        return rules.Count;
    }
}
