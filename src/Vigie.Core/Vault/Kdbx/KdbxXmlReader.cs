using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// Reads the KeePass XML document into the model. Every <c>Protected="True"</c> value, wanted or skipped, is run
/// through the inner keystream in document order, since the stream is shared by all of them. No DTD, no external
/// resolution, bounded nesting.
/// </summary>
internal sealed class KdbxXmlReader
{
    private readonly XmlReader _xml;
    private readonly Keystream? _inner;
    private readonly int _maxDepth;
    private int _depth;
    private bool _recycleBinEnabled = true;
    private Guid _recycleBin;

    private KdbxXmlReader(XmlReader xml, Keystream? inner, int maxDepth)
    {
        _xml = xml;
        _inner = inner;
        _maxDepth = maxDepth;
    }

    /// <summary>The database and, for KDBX 3.1, the header hash recorded in Meta (null when absent).</summary>
    public static (KdbxDatabase Database, byte[]? HeaderHash) Read(Stream document, Keystream? inner, KdbxReadLimits limits)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = false,
            CloseInput = false,
        };
        using var xml = XmlReader.Create(document, settings);
        var database = new KdbxDatabase();
        try
        {
            var reader = new KdbxXmlReader(xml, inner, limits.MaxDepth);
            var headerHash = reader.ReadDocument(database);
            return (database, headerHash);
        }
        catch (XmlException e)
        {
            database.Dispose();
            // The XmlException text can quote the document; only its position leaves here.
            throw KdbxFormatException.Corrupted($"corrupted file (invalid XML at line {e.LineNumber}, position {e.LinePosition})");
        }
        catch (FormatException)
        {
            database.Dispose();
            throw KdbxFormatException.Corrupted("corrupted file (invalid value in the XML)");
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    private byte[]? ReadDocument(KdbxDatabase database)
    {
        if (_xml.MoveToContent() != XmlNodeType.Element || _xml.LocalName != "KeePassFile")
        {
            throw KdbxFormatException.Corrupted("corrupted file (no KeePassFile document)");
        }
        byte[]? headerHash = null;
        var sawRoot = false;
        Children(name =>
        {
            switch (name)
            {
                case "Meta":
                    headerHash = ReadMeta(database);
                    break;
                case "Root":
                    sawRoot = true;
                    ReadRoot(database);
                    break;
                default:
                    Skip();
                    break;
            }
        });
        if (!sawRoot)
        {
            throw KdbxFormatException.Corrupted("corrupted file (no Root group)");
        }
        if (_recycleBinEnabled && _recycleBin != Guid.Empty)
        {
            RemoveGroup(database.Root, _recycleBin);
        }
        return headerHash;
    }

    private byte[]? ReadMeta(KdbxDatabase database)
    {
        byte[]? headerHash = null;
        Children(name =>
        {
            switch (name)
            {
                case "DatabaseName":
                    database.Name = ReadText();
                    break;
                case "DatabaseDescription":
                    database.Description = ReadText();
                    break;
                case "HeaderHash":
                    headerHash = Convert.FromBase64String(ReadText());
                    break;
                case "RecycleBinEnabled":
                    _recycleBinEnabled = ReadBool();
                    break;
                case "RecycleBinUUID":
                    _recycleBin = ReadUuid() ?? Guid.Empty;
                    break;
                default:
                    Skip();
                    break;
            }
        });
        return headerHash;
    }

    private void ReadRoot(KdbxDatabase database)
    {
        var sawGroup = false;
        Children(name =>
        {
            if (name == "Group" && !sawGroup)
            {
                sawGroup = true;
                ReadGroup(database.Root);
            }
            else
            {
                Skip();
            }
        });
    }

    private void ReadGroup(KdbxGroup group) =>
        Children(name =>
        {
            switch (name)
            {
                case "UUID":
                    group.Uuid = ReadUuid() ?? group.Uuid;
                    break;
                case "Name":
                    group.Name = ReadText();
                    break;
                case "Notes":
                    group.Notes = ReadText();
                    break;
                case "Times":
                    ReadTimes(created => group.Created = created, modified => group.Modified = modified);
                    break;
                case "Entry":
                    var entry = new KdbxEntry();
                    group.Entries.Add(entry);
                    ReadEntry(entry, inHistory: false);
                    break;
                case "Group":
                    var child = new KdbxGroup();
                    group.Groups.Add(child);
                    ReadGroup(child);
                    break;
                default:
                    Skip();
                    break;
            }
        });

    private void ReadEntry(KdbxEntry entry, bool inHistory) =>
        Children(name =>
        {
            switch (name)
            {
                case "UUID":
                    entry.Uuid = ReadUuid() ?? entry.Uuid;
                    break;
                case "Tags":
                    entry.Tags.AddRange(ReadText().Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "Times":
                    ReadTimes(created => entry.Created = created, modified => entry.Modified = modified);
                    break;
                case "String":
                    ReadString(entry);
                    break;
                case "History" when !inHistory:
                    Children(item =>
                    {
                        if (item == "Entry")
                        {
                            var state = new KdbxEntry();
                            entry.History.Add(state);
                            ReadEntry(state, inHistory: true);
                        }
                        else
                        {
                            Skip();
                        }
                    });
                    break;
                default:
                    Skip();
                    break;
            }
        });

    private void ReadString(KdbxEntry entry)
    {
        string? key = null;
        KdbxSecret? value = null;
        var isProtected = false;
        try
        {
            Children(name =>
            {
                if (name == "Key")
                {
                    key = ReadText();
                }
                else if (name == "Value")
                {
                    isProtected = IsProtected();
                    value?.Dispose();
                    value = ReadSecret();
                }
                else
                {
                    Skip();
                }
            });
        }
        catch
        {
            value?.Dispose();
            throw;
        }
        value ??= KdbxSecret.Empty();
        if (key is null)
        {
            value.Dispose();
            return;
        }
        switch (key)
        {
            case "Password":
                entry.Password.Dispose();
                entry.Password = value;
                return;
            case "Title":
                entry.Title = value.Reveal();
                break;
            case "UserName":
                entry.UserName = value.Reveal();
                break;
            case "URL":
                entry.Url = value.Reveal();
                break;
            case "Notes":
                entry.Notes = value.Reveal();
                break;
            default:
                if (entry.Fields.Exists(f => f.Name == key))
                {
                    break;
                }
                entry.Fields.Add(new KdbxField(key, value, isProtected));
                return;
        }
        value.Dispose();
    }

    private void ReadTimes(Action<DateTimeOffset> created, Action<DateTimeOffset> modified) =>
        Children(name =>
        {
            switch (name)
            {
                case "CreationTime":
                    if (KdbxTime.Parse(ReadText()) is { } c)
                    {
                        created(c);
                    }
                    break;
                case "LastModificationTime":
                    if (KdbxTime.Parse(ReadText()) is { } m)
                    {
                        modified(m);
                    }
                    break;
                default:
                    Skip();
                    break;
            }
        });

    /// <summary>Visits each child element; the handler consumes it whole. Text between children is ignored.</summary>
    private void Children(Action<string> handle)
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
    private void Skip()
    {
        if (IsProtected())
        {
            ReadSecret().Dispose();
            return;
        }
        Children(_ => Skip());
    }

    private bool IsProtected() =>
        string.Equals(_xml.GetAttribute("Protected"), "True", StringComparison.OrdinalIgnoreCase);

    private KdbxSecret ReadSecret()
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

    private string ReadText()
    {
        if (!IsProtected())
        {
            return _xml.ReadElementContentAsString();
        }
        using var secret = ReadSecret();
        return Encoding.UTF8.GetString(secret.Utf8);
    }

    private bool ReadBool() => string.Equals(ReadText().Trim(), "True", StringComparison.OrdinalIgnoreCase);

    private Guid? ReadUuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        return Convert.TryFromBase64String(ReadText().Trim(), bytes, out var written) && written == 16
            ? new Guid(bytes, bigEndian: true)
            : null;
    }

    private static bool RemoveGroup(KdbxGroup parent, Guid uuid)
    {
        var index = parent.Groups.FindIndex(g => g.Uuid == uuid);
        if (index >= 0)
        {
            parent.Groups[index].Dispose();
            parent.Groups.RemoveAt(index);
            return true;
        }
        return parent.Groups.Exists(g => RemoveGroup(g, uuid));
    }
}
