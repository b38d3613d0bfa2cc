using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// Writes the model as the KeePass XML document of a KDBX 4 file. Protected values are XORed with the inner stream
/// in the order they are written, so reading in document order recovers them; they reach the XML only as base64
/// ciphertext.
/// </summary>
internal sealed class KdbxXmlWriter
{
    private readonly XmlWriter _xml;
    private readonly Keystream _inner;

    private KdbxXmlWriter(XmlWriter xml, Keystream inner)
    {
        _xml = xml;
        _inner = inner;
    }

    public static void Write(Stream output, KdbxDatabase database, Keystream inner, string generator)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "\t", CloseOutput = false };
        using var xml = XmlWriter.Create(output, settings);
        var writer = new KdbxXmlWriter(xml, inner);
        xml.WriteStartDocument(standalone: true);
        xml.WriteStartElement("KeePassFile");
        xml.WriteStartElement("Meta");
        writer.Text("Generator", generator);
        writer.Text("DatabaseName", database.Name);
        writer.Text("DatabaseDescription", database.Description);
        xml.WriteStartElement("MemoryProtection");
        writer.Text("ProtectTitle", "False");
        writer.Text("ProtectUserName", "False");
        writer.Text("ProtectPassword", "True");
        writer.Text("ProtectURL", "False");
        writer.Text("ProtectNotes", "False");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteStartElement("Root");
        writer.Group(database.Root);
        xml.WriteElementString("DeletedObjects", string.Empty);
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private void Group(KdbxGroup group)
    {
        _xml.WriteStartElement("Group");
        Text("UUID", Uuid(group.Uuid));
        Text("Name", group.Name);
        Text("Notes", group.Notes);
        Text("IconID", "48");
        Times(group.Created, group.Modified);
        Text("IsExpanded", "True");
        foreach (var entry in group.Entries)
        {
            Entry(entry, withHistory: true);
        }
        foreach (var child in group.Groups)
        {
            Group(child);
        }
        _xml.WriteEndElement();
    }

    private void Entry(KdbxEntry entry, bool withHistory)
    {
        _xml.WriteStartElement("Entry");
        Text("UUID", Uuid(entry.Uuid));
        Text("IconID", "0");
        Text("Tags", string.Join(';', entry.Tags));
        Times(entry.Created, entry.Modified);
        PlainString("Title", entry.Title);
        PlainString("UserName", entry.UserName);
        SecretString("Password", entry.Password, isProtected: true);
        PlainString("URL", entry.Url);
        PlainString("Notes", entry.Notes);
        foreach (var field in entry.Fields)
        {
            SecretString(field.Name, field.Value, field.IsProtected);
        }
        if (withHistory && entry.History.Count > 0)
        {
            _xml.WriteStartElement("History");
            foreach (var state in entry.History)
            {
                Entry(state, withHistory: false);
            }
            _xml.WriteEndElement();
        }
        _xml.WriteEndElement();
    }

    private void Times(DateTimeOffset created, DateTimeOffset modified)
    {
        _xml.WriteStartElement("Times");
        Text("CreationTime", KdbxTime.ToBinary(created));
        Text("LastModificationTime", KdbxTime.ToBinary(modified));
        Text("LastAccessTime", KdbxTime.ToBinary(modified));
        Text("ExpiryTime", KdbxTime.ToBinary(modified));
        Text("Expires", "False");
        Text("UsageCount", "0");
        Text("LocationChanged", KdbxTime.ToBinary(modified));
        _xml.WriteEndElement();
    }

    private void PlainString(string key, string value)
    {
        _xml.WriteStartElement("String");
        Text("Key", key);
        Text("Value", value);
        _xml.WriteEndElement();
    }

    private void SecretString(string key, KdbxSecret value, bool isProtected)
    {
        _xml.WriteStartElement("String");
        Text("Key", key);
        _xml.WriteStartElement("Value");
        if (isProtected)
        {
            var masked = GC.AllocateArray<byte>(value.Length, pinned: true);
            _inner.Xor(value.Utf8, masked);
            _xml.WriteAttributeString("Protected", "True");
            _xml.WriteBase64(masked, 0, masked.Length);
            CryptographicOperations.ZeroMemory(masked);
        }
        else
        {
            var chars = GC.AllocateArray<char>(Encoding.UTF8.GetMaxCharCount(value.Length), pinned: true);
            var count = Encoding.UTF8.GetChars(value.Utf8, chars);
            count = KeepXmlChars(chars.AsSpan(0, count));
            _xml.WriteChars(chars, 0, count);
            Array.Clear(chars);
        }
        _xml.WriteEndElement();
        _xml.WriteEndElement();
    }

    private void Text(string element, string value)
    {
        var chars = value.ToCharArray();
        _xml.WriteElementString(element, new string(chars, 0, KeepXmlChars(chars)));
    }

    /// <summary>Drops the characters XML 1.0 cannot carry (control characters, lone surrogates), as KeePass does.</summary>
    private static int KeepXmlChars(Span<char> chars)
    {
        var kept = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            if (i + 1 < chars.Length && XmlConvert.IsXmlSurrogatePair(chars[i + 1], chars[i]))
            {
                chars[kept++] = chars[i];
                chars[kept++] = chars[++i];
            }
            else if (XmlConvert.IsXmlChar(chars[i]))
            {
                chars[kept++] = chars[i];
            }
        }
        return kept;
    }

    private static string Uuid(Guid uuid)
    {
        Span<byte> bytes = stackalloc byte[16];
        uuid.TryWriteBytes(bytes, bigEndian: true, out _);
        return Convert.ToBase64String(bytes);
    }
}
