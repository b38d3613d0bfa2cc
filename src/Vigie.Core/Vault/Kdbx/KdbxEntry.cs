namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// A KeePass entry: the five standard fields, tags, custom fields and the earlier states of the entry
/// (<see cref="History"/>, oldest first, as KeePass keeps them). Only the password and the custom fields are
/// secrets; title, user name, URL and notes are plain strings, as KeePass's default memory protection treats them.
/// The entry owns its secrets, its fields and its history: <see cref="Dispose"/> clears them all.
/// </summary>
public sealed class KdbxEntry : IDisposable
{
    public Guid Uuid { get; set; } = Guid.NewGuid();

    public string Title { get; set; } = string.Empty;

    public string UserName { get; set; } = string.Empty;

    /// <summary>Always written protected. Replacing it does not dispose the previous value.</summary>
    public KdbxSecret Password { get; set; } = KdbxSecret.Empty();

    public string Url { get; set; } = string.Empty;

    public string Notes { get; set; } = string.Empty;

    public List<string> Tags { get; } = [];

    public List<KdbxField> Fields { get; } = [];

    /// <summary>The names of the files attached to the entry (read, not their contents: Vigie does not store files in entries).</summary>
    public List<string> Attachments { get; } = [];

    /// <summary>UTC; KDBX 4 stores whole seconds.</summary>
    public DateTimeOffset Created { get; set; }

    /// <summary>UTC; KDBX 4 stores whole seconds.</summary>
    public DateTimeOffset Modified { get; set; }

    /// <summary>Earlier states of this entry, oldest first. History entries have no history of their own.</summary>
    public List<KdbxEntry> History { get; } = [];

    public void Dispose()
    {
        Password.Dispose();
        foreach (var field in Fields)
        {
            field.Dispose();
        }
        foreach (var state in History)
        {
            state.Dispose();
        }
    }

    public override string ToString() => $"KdbxEntry({Uuid}, {Title})";
}
