namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// The part of a KeePass database Vigie exports and imports: a name and one root group. Attachments are known by name
/// only (their contents are not read); icons, auto-type settings and the recycle bin are not modelled (the reader drops
/// the recycle bin and its contents).
/// Dispose it to clear every secret it holds.
/// </summary>
public sealed class KdbxDatabase : IDisposable
{
    public string Name { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public KdbxGroup Root { get; set; } = new() { Name = "Root" };

    public void Dispose() => Root.Dispose();

    public override string ToString() => $"KdbxDatabase({Name})";
}
