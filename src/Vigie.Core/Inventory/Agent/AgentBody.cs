using System.IO.Compression;
using System.Text;
using Vigie.Core.Common;

namespace Vigie.Core.Inventory.Agent;

/// <summary>
/// Agent bodies are sniffed, not trusted by Content-Type: zlib (RFC 1950 header check), gzip, or plain XML.
/// Replies are zlib at the default level (header 78 9C): FusionInventory refuses any other zlib header.
/// </summary>
public static class AgentBody
{
    public static BodyEncoding Sniff(ReadOnlySpan<byte> body)
    {
        if (body.Length >= 2 && (body[0] & 0x0F) == 8 && ((body[0] << 8) | body[1]) % 31 == 0)
        {
            return BodyEncoding.Zlib;
        }
        if (body.Length >= 2 && body[0] == 0x1F && body[1] == 0x8B)
        {
            return BodyEncoding.Gzip;
        }
        foreach (var b in body)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF)
            {
                continue;
            }
            if (b == (byte)'<')
            {
                return BodyEncoding.Plain;
            }
            break;
        }
        throw new ProblemException(400, "unrecognised_body", "The body is neither zlib, gzip nor XML.");
    }

    /// <summary>A stream of the decompressed document, inflated as it is read, failing past <paramref name="maxBytes"/>.</summary>
    public static Stream Open(byte[] body, BodyEncoding encoding, long maxBytes)
    {
        var input = new MemoryStream(body, writable: false);
        Stream decoded = encoding switch
        {
            BodyEncoding.Zlib => new ZLibStream(input, CompressionMode.Decompress),
            BodyEncoding.Gzip => new GZipStream(input, CompressionMode.Decompress),
            _ => input,
        };
        return new LimitedReadStream(decoded, maxBytes);
    }

    public static byte[] Encode(string xml, BodyEncoding encoding)
    {
        var bytes = Encoding.UTF8.GetBytes(xml);
        if (encoding == BodyEncoding.Plain)
        {
            return bytes;
        }
        using var output = new MemoryStream();
        using (Stream compressor = encoding == BodyEncoding.Zlib
                   ? new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true)
                   : new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write(bytes);
        }
        return output.ToArray();
    }

    public static string ContentType(BodyEncoding encoding) => encoding switch
    {
        BodyEncoding.Zlib => "application/x-compress-zlib",
        BodyEncoding.Gzip => "application/x-compress-gzip",
        _ => "application/xml",
    };
}
