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
    public static XDocument Parse(byte[] utf8, long maxCharacters)
    {
        var text = Encoding.UTF8.GetString(utf8);
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
            using var reader = XmlReader.Create(new StringReader(text), settings);
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
