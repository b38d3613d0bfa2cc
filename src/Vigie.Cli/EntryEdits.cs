using System.CommandLine;
using Vigie.Core.Vault.Secrets;

namespace Vigie.Cli;

/// <summary>
/// The options of <c>vigie secret put</c> that change an entry beyond its login: kind, notes (from a file), custom fields
/// (plain ones as <c>NAME=VALUE</c>, secret ones from standard input), removals and clearing.
/// </summary>
internal sealed class EntryEdits
{
    private static readonly string[] Clearable = ["username", "url", "notes", "tags"];
    private readonly Option<string?> _kind = new("--kind") { Description = "login (default) or note, when the entry is created" };
    private readonly Option<string?> _notesFile = new("--notes-file") { Description = "Set the notes from this file (UTF-8)" };
    private readonly Option<string[]> _fields = new("--field") { Description = "Set a custom field shown in clear: NAME=VALUE (repeatable)" };
    private readonly Option<string[]> _secretFields = new("--secret-field-stdin")
    {
        Description = "Set a secret custom field NAME from the next line of standard input, after the password's line (repeatable, in order)",
    };
    private readonly Option<string[]> _remove = new("--remove-field") { Description = "Remove the custom field NAME (repeatable)" };
    private readonly Option<string[]> _clear = new("--clear") { Description = "Empty username, url, notes or tags (repeatable)" };

    public EntryEdits()
    {
        _kind.AcceptOnlyFromAmong("login", "note");
        _clear.AcceptOnlyFromAmong(Clearable);
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _kind, _notesFile, _fields, _secretFields, _remove, _clear })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Checks the options against the entry (null: it is being created) and reads the notes file.</summary>
    public async Task<Change> ReadAsync(CommandContext context, SecretRevealed? current, CancellationToken ct)
    {
        var kind = context.Value(_kind);
        if (current is not null && kind is not null && kind != current.Secret.Kind)
        {
            throw CliException.Usage($"the entry is a {current.Secret.Kind}: an entry's kind is chosen when it is created");
        }
        var plain = (context.Value(_fields) ?? []).Select(ParseField).ToList();
        var secretNames = (context.Value(_secretFields) ?? []).Select(n => n.Trim()).ToList();
        var removed = (context.Value(_remove) ?? []).Select(n => n.Trim()).ToList();
        var named = plain.Select(f => f.Name).Concat(secretNames).Concat(removed).ToList();
        if (named.Any(string.IsNullOrEmpty))
        {
            throw CliException.Usage("a custom field needs a name");
        }
        if (named.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw CliException.Usage($"the field '{twice.Key}' is named twice among --field, --secret-field-stdin and --remove-field");
        }
        var existing = current?.Fields ?? [];
        if (removed.FirstOrDefault(n => !existing.Any(f => Same(f.Name, n))) is { } missing)
        {
            throw new CliException(ExitCodes.Failure, $"the entry has no field '{missing}'", ["nothing was changed"]);
        }
        var cleared = (context.Value(_clear) ?? []).ToHashSet(StringComparer.Ordinal);
        string? notes = null;
        if (context.Value(_notesFile) is { } file)
        {
            if (cleared.Contains("notes"))
            {
                throw CliException.Usage("--notes-file and --clear notes contradict each other");
            }
            try
            {
                notes = await File.ReadAllTextAsync(file, ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Failure, $"cannot read {file}: {ex.Message}", ["nothing was changed"]);
            }
        }
        return new Change(kind, notes, plain, secretNames, removed, cleared);
    }

    /// <summary>
    /// The secret fields' values in the order the options were given: one line of standard input each when it is a pipe,
    /// else a hidden prompt (never echoed on a terminal).
    /// </summary>
    public async Task<IReadOnlyList<(string Name, string Value)>> ReadSecretFieldsAsync(CommandContext context, CancellationToken ct)
    {
        var values = new List<(string, string)>();
        foreach (var name in (context.Value(_secretFields) ?? []).Select(n => n.Trim()))
        {
            var what = $"value of the secret field '{name}'";
            values.Add((name, context.Passwords.CanPrompt
                ? await context.Passwords.PromptAsync($"Value of {name}:", confirm: true, ct)
                : await context.Passwords.ReadLineAsync(what, ct)));
        }
        return values;
    }

    private static CustomField ParseField(string given)
    {
        var equals = given.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            throw CliException.Usage($"--field takes NAME=VALUE, not '{given}' (a secret value goes through --secret-field-stdin NAME)");
        }
        return new CustomField(given[..equals].Trim(), given[(equals + 1)..], Secret: false);
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    internal sealed record Change(string? Kind, string? Notes, IReadOnlyList<CustomField> Plain, IReadOnlyList<string> SecretNames,
        IReadOnlyList<string> Removed, IReadOnlySet<string> ClearedParts)
    {
        public bool Cleared(string part) => ClearedParts.Contains(part);

        /// <summary>The entry's fields after the change: removals, then each set field replacing the one of its name or added at the end.</summary>
        public IReadOnlyList<CustomField> Fields(IReadOnlyList<CustomField> existing, IReadOnlyList<(string Name, string Value)> secrets)
        {
            var result = existing.Where(f => !Removed.Any(r => Same(r, f.Name))).ToList();
            foreach (var field in Plain.Concat(secrets.Select(s => new CustomField(s.Name, s.Value, Secret: true))))
            {
                var at = result.FindIndex(f => Same(f.Name, field.Name));
                if (at >= 0)
                {
                    // A secret field stays secret when a new value is given with --field.
                    result[at] = field with { Name = result[at].Name, Secret = field.Secret || result[at].Secret };
                }
                else
                {
                    result.Add(field);
                }
            }
            return result;
        }
    }
}
