using System.Text;
using System.Xml;
using Vigie.Core.Common;

namespace Vigie.Core.Inventory.Agent;

/// <summary>
/// Parses agent XML safely and in one pass: no DTD (so no entities, no XXE), no external resolution, bad UTF-8
/// bytes replaced rather than fatal (the declared encoding is ignored: agents declare UTF-8 and sometimes send
/// other bytes), invalid control characters tolerated (agents copy them from package metadata). Inside the big
/// inventory sections only the fields Vigie stores are kept; everything else is skipped unread.
/// </summary>
public static class AgentXml
{
    private static readonly Dictionary<string, HashSet<string>> KeptFields = new(StringComparer.Ordinal)
    {
        ["SOFTWARES"] = new(StringComparer.Ordinal) { "NAME", "VERSION", "PUBLISHER", "ARCHITECTURE", "ARCH", "INSTALLDATE", "FROM" },
    };

    public static AgentNode Parse(Stream utf8, long maxCharacters)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            CheckCharacters = false,
            MaxCharactersInDocument = maxCharacters,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
        };
        try
        {
            // A UTF8Encoding that does not throw replaces invalid bytes with U+FFFD instead of failing the document.
            using var text = new StreamReader(utf8, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false),
                detectEncodingFromByteOrderMarks: true, bufferSize: 16384);
            using var reader = XmlReader.Create(text, settings);
            reader.MoveToContent();
            var root = ReadElement(reader);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    throw new XmlException("More than one root element.");
                }
            }
            return root;
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            throw new ProblemException(400, "doctype_refused", "Documents with a DOCTYPE are refused.");
        }
        catch (XmlException ex)
        {
            throw new ProblemException(400, "malformed_xml", "The document is not well-formed XML.",
                $"line {ex.LineNumber}, position {ex.LinePosition}");
        }
    }

    /// <summary>Reads the element the reader is on, its subtree included, and leaves the reader after its end.</summary>
    private static AgentNode ReadElement(XmlReader reader)
    {
        var node = new AgentNode(reader.LocalName);
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return node;
        }
        KeptFields.TryGetValue(node.Name, out var childFilter);
        string? text = null;
        StringBuilder? texts = null;
        reader.Read();
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (childFilter is not null && !childFilter.Contains(reader.LocalName))
                    {
                        reader.Skip();
                    }
                    else
                    {
                        node.Add(ReadElement(reader));
                    }
                    break;
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.SignificantWhitespace:
                    if (text is null)
                    {
                        text = reader.Value;
                    }
                    else
                    {
                        (texts ??= new StringBuilder(text)).Append(reader.Value);
                    }
                    reader.Read();
                    break;
                case XmlNodeType.None:
                    throw new XmlException("Unexpected end of document.");
                default:
                    reader.Read();
                    break;
            }
        }
        reader.Read();
        if (text is not null)
        {
            node.Text = (texts?.ToString() ?? text).Trim();
        }
        return node;
    }
}
