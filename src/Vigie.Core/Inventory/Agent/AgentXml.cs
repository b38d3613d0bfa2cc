using System.Text;
using System.Xml;
using System.Xml.Linq;
using Vigie.Core.Common;

namespace Vigie.Core.Inventory.Agent;

/// <summary>
/// Parses agent XML safely: no DTD (so no entities, no XXE), no external resolution, bad UTF-8 bytes
/// replaced rather than fatal, invalid control characters tolerated (agents copy them from package metadata).
/// </summary>
public static class AgentXml
{
    public static XDocument Parse(byte[] utf8, long maxCharacters) => Parse(new MemoryStream(utf8, writable: false), maxCharacters);

    /// <summary>Parses UTF-8 from a stream (the declared encoding is ignored: agents declare UTF-8 and sometimes send other bytes).</summary>
    public static XDocument Parse(Stream utf8, long maxCharacters)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            CheckCharacters = false,
            MaxCharactersInDocument = maxCharacters,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            // A UTF8Encoding that does not throw replaces invalid bytes with U+FFFD instead of failing the document.
            using var text = new StreamReader(utf8, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false),
                detectEncodingFromByteOrderMarks: true, bufferSize: 65536);
            using var reader = XmlReader.Create(text, settings);
            return XDocument.Load(reader, LoadOptions.None);
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

    public static string? Value(this XElement? parent, string name)
    {
        var value = parent?.Element(name)?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
