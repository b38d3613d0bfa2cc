namespace Vigie.Core.Vault.Kdbx;

/// <summary>A KeePass group (folder): entries and subgroups. Owns them: <see cref="Dispose"/> clears every secret below.</summary>
public sealed class KdbxGroup : IDisposable
{
    public Guid Uuid { get; set; } = Guid.NewGuid();

    public string Name { get; set; } = string.Empty;

    public string Notes { get; set; } = string.Empty;

    /// <summary>UTC; KDBX 4 stores whole seconds.</summary>
    public DateTimeOffset Created { get; set; }

    /// <summary>UTC; KDBX 4 stores whole seconds.</summary>
    public DateTimeOffset Modified { get; set; }

    public List<KdbxGroup> Groups { get; } = [];

    public List<KdbxEntry> Entries { get; } = [];

    /// <summary>This group's entries and those of every group below it.</summary>
    public IEnumerable<KdbxEntry> AllEntries() =>
        Entries.Concat(Groups.SelectMany(g => g.AllEntries()));

    public void Dispose()
    {
        foreach (var entry in Entries)
        {
            entry.Dispose();
        }
        foreach (var group in Groups)
        {
            group.Dispose();
        }
    }

    public override string ToString() => $"KdbxGroup({Uuid}, {Name})";
}
