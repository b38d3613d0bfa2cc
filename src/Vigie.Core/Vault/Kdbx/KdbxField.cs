namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// A custom string field of an entry (anything but Title, UserName, Password, URL and Notes). A protected field is
/// encrypted with the inner stream in the file and shown masked by KeePass; its value is a <see cref="KdbxSecret"/>
/// either way. The field owns its value.
/// </summary>
public sealed class KdbxField(string name, KdbxSecret value, bool isProtected) : IDisposable
{
    public string Name { get; } = name;

    public KdbxSecret Value { get; } = value;

    public bool IsProtected { get; } = isProtected;

    public void Dispose() => Value.Dispose();

    public override string ToString() => $"KdbxField({Name}, [redacted], protected={IsProtected})";
}
