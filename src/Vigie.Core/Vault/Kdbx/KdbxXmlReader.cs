using System.Xml;

namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// Reads the KeePass XML document into the model. Every <c>Protected="True"</c> value, wanted or skipped, is run
/// through the inner keystream in document order, since the stream is shared by all of them. No DTD, no external
/// resolution, bounded nesting.
/// </summary>
internal sealed class KdbxXmlReader
{
    private readonly KdbxXmlCursor _cursor;
    private bool _recycleBinEnabled = true;
    private Guid _recycleBin;

    private KdbxXmlReader(KdbxXmlCursor cursor) => _cursor = cursor;

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
            var reader = new KdbxXmlReader(new KdbxXmlCursor(xml, inner, limits.MaxDepth));
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
        if (!_cursor.AtDocumentElement("KeePassFile"))
        {
            throw KdbxFormatException.Corrupted("corrupted file (no KeePassFile document)");
        }
        byte[]? headerHash = null;
        var sawRoot = false;
        _cursor.Children(name =>
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
                    _cursor.Skip();
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
        _cursor.Children(name =>
        {
            switch (name)
            {
                case "DatabaseName":
                    database.Name = _cursor.ReadText();
                    break;
                case "DatabaseDescription":
                    database.Description = _cursor.ReadText();
                    break;
                case "HeaderHash":
                    headerHash = Convert.FromBase64String(_cursor.ReadText());
                    break;
                case "RecycleBinEnabled":
                    _recycleBinEnabled = _cursor.ReadBool();
                    break;
                case "RecycleBinUUID":
                    _recycleBin = _cursor.ReadUuid() ?? Guid.Empty;
                    break;
                default:
                    _cursor.Skip();
                    break;
            }
        });
        return headerHash;
    }

    private void ReadRoot(KdbxDatabase database)
    {
        var sawGroup = false;
        _cursor.Children(name =>
        {
            if (name == "Group" && !sawGroup)
            {
                sawGroup = true;
                ReadGroup(database.Root);
            }
            else
            {
                _cursor.Skip();
            }
        });
    }

    private void ReadGroup(KdbxGroup group) =>
        _cursor.Children(name =>
        {
            switch (name)
            {
                case "UUID":
                    group.Uuid = _cursor.ReadUuid() ?? group.Uuid;
                    break;
                case "Name":
                    group.Name = _cursor.ReadText();
                    break;
                case "Notes":
                    group.Notes = _cursor.ReadText();
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
                    _cursor.Skip();
                    break;
            }
        });

    private void ReadEntry(KdbxEntry entry, bool inHistory) =>
        _cursor.Children(name =>
        {
            switch (name)
            {
                case "UUID":
                    entry.Uuid = _cursor.ReadUuid() ?? entry.Uuid;
                    break;
                case "Tags":
                    entry.Tags.AddRange(_cursor.ReadText().Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "Times":
                    ReadTimes(created => entry.Created = created, modified => entry.Modified = modified);
                    break;
                case "String":
                    ReadString(entry);
                    break;
                case "Binary":
                    _cursor.Children(part =>
                    {
                        if (part == "Key")
                        {
                            entry.Attachments.Add(_cursor.ReadText());
                        }
                        else
                        {
                            _cursor.Skip();
                        }
                    });
                    break;
                case "History" when !inHistory:
                    _cursor.Children(item =>
                    {
                        if (item == "Entry")
                        {
                            var state = new KdbxEntry();
                            entry.History.Add(state);
                            ReadEntry(state, inHistory: true);
                        }
                        else
                        {
                            _cursor.Skip();
                        }
                    });
                    break;
                default:
                    _cursor.Skip();
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
            _cursor.Children(name =>
            {
                if (name == "Key")
                {
                    key = _cursor.ReadText();
                }
                else if (name == "Value")
                {
                    isProtected = _cursor.IsProtected();
                    value?.Dispose();
                    value = _cursor.ReadSecret();
                }
                else
                {
                    _cursor.Skip();
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
        _cursor.Children(name =>
        {
            switch (name)
            {
                case "CreationTime":
                    if (KdbxTime.Parse(_cursor.ReadText()) is { } c)
                    {
                        created(c);
                    }
                    break;
                case "LastModificationTime":
                    if (KdbxTime.Parse(_cursor.ReadText()) is { } m)
                    {
                        modified(m);
                    }
                    break;
                default:
                    _cursor.Skip();
                    break;
            }
        });

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
