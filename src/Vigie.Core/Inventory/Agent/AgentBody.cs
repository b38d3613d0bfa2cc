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

    /// <summary>Decompresses (if needed) with a hard cap on the output size.</summary>
    public static byte[] Decode(byte[] body, BodyEncoding encoding, long maxBytes) => DecodeToStream(body, encoding, maxBytes).ToArray();

    /// <summary>Decompresses (if needed) into a readable stream, with a hard cap on the output size.</summary>
    public static MemoryStream DecodeToStream(byte[] body, BodyEncoding encoding, long maxBytes)
    {
        if (encoding == BodyEncoding.Plain)
        {
            return new MemoryStream(body, writable: false);
        }
        using var input = new MemoryStream(body);
        using Stream decompressor = encoding == BodyEncoding.Zlib ? new ZLibStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        var output = new MemoryStream((int)Math.Min(Math.Min((long)body.Length * 8, maxBytes), 16 * 1024 * 1024));
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = decompressor.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > maxBytes)
                {
                    throw new ProblemException(413, "decompressed_body_too_large",
                        $"The decompressed document exceeds {maxBytes} bytes.");
                }
                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            throw new ProblemException(400, "corrupt_body", "The compressed body is corrupt.");
        }
        output.Position = 0;
        return output;
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
