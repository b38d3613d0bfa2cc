using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// Element-by-element reading of KeePass XML on top of <see cref="XmlReader"/>: child iteration with a depth cap,
/// text and secret values, and skipping that still runs protected values through the inner keystream, which all
/// <c>Protected="True"</c> values share in document order.
/// </summary>
internal sealed class KdbxXmlCursor(XmlReader xml, Keystream? inner, int maxDepth)
{
    private readonly XmlReader _xml = xml;
    private readonly Keystream? _inner = inner;
    private readonly int _maxDepth = maxDepth;
    private int _depth;

    public bool AtDocumentElement(string name) =>
        _xml.MoveToContent() == XmlNodeType.Element && _xml.LocalName == name;

    /// <summary>Visits each child element; the handler consumes it whole. Text between children is ignored.</summary>
    public void Children(Action<string> handle)
    {
        if (++_depth > _maxDepth)
        {
            throw KdbxFormatException.Limit($"the XML is nested deeper than {_maxDepth} levels");
        }
        if (_xml.IsEmptyElement)
        {
            _xml.Read();
            _depth--;
            return;
        }
        _xml.Read();
        while (true)
        {
            switch (_xml.NodeType)
            {
                case XmlNodeType.Element:
                    handle(_xml.LocalName);
                    break;
                case XmlNodeType.EndElement:
                    _xml.Read();
                    _depth--;
                    return;
                case XmlNodeType.None:
                    throw KdbxFormatException.Corrupted("corrupted file (the XML ends early)");
                default:
                    _xml.Read();
                    break;
            }
        }
    }

    /// <summary>Skips an element and everything in it, still consuming the keystream for protected values inside.</summary>
    public void Skip()
    {
        if (IsProtected())
        {
            ReadSecret().Dispose();
            return;
        }
        Children(_ => Skip());
    }

    public bool IsProtected() =>
        string.Equals(_xml.GetAttribute("Protected"), "True", StringComparison.OrdinalIgnoreCase);

    public KdbxSecret ReadSecret()
    {
        if (!IsProtected())
        {
            return KdbxSecret.FromChars(_xml.ReadElementContentAsString());
        }
        var base64 = _xml.ReadElementContentAsString();
        var decoded = GC.AllocateArray<byte>(base64.Length / 4 * 3 + 3, pinned: true);
        try
        {
            if (!Convert.TryFromBase64String(base64, decoded, out var length))
            {
                throw KdbxFormatException.Corrupted("corrupted file (invalid protected value)");
            }
            var secret = KdbxSecret.Allocate(length);
            _inner?.Xor(decoded.AsSpan(0, length), secret.Writable);
            if (_inner is null)
            {
                decoded.AsSpan(0, length).CopyTo(secret.Writable);
            }
            return secret;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(decoded);
        }
    }

    public string ReadText()
    {
        if (!IsProtected())
        {
            return _xml.ReadElementContentAsString();
        }
        using var secret = ReadSecret();
        return Encoding.UTF8.GetString(secret.Utf8);
    }

    public bool ReadBool() => string.Equals(ReadText().Trim(), "True", StringComparison.OrdinalIgnoreCase);

    public Guid? ReadUuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        return Convert.TryFromBase64String(ReadText().Trim(), bytes, out var written) && written == 16
            ? new Guid(bytes, bigEndian: true)
            : null;
    }
}
