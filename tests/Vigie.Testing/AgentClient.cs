using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;

namespace Vigie.Testing;

/// <summary>Posts raw agent messages to a test server's agent endpoint, as the OCS and Fusion agents do.</summary>
public sealed class AgentClient : IDisposable
{
    public const string OcsUserAgent = "OCS-NG_unified_unix_agent_v2.10.0";
    public const string FusionUserAgent = "FusionInventory-Agent_v2.6-3";
    private readonly HttpClient _http;

    public AgentClient(Uri baseAddress, string userAgent = OcsUserAgent)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.UserAgent.Clear();
        _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
    }

    public string Path { get; set; } = "ocsinventory";

    public AuthenticationHeaderValue? Authorization { get; set; }

    public async Task<AgentResponse> PostAsync(byte[] body, string contentType = "application/x-compress")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Authorization = Authorization;
        using var response = await _http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new AgentResponse((int)response.StatusCode, bytes, response.Content.Headers.ContentType?.MediaType,
            response.Headers.WwwAuthenticate.ToString());
    }

    public Task<AgentResponse> PostXmlAsync(string xml) => PostAsync(Zlib(Encoding.UTF8.GetBytes(xml)));

    public static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(data);
        }
        return output.ToArray();
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>An agent endpoint answer; <see cref="Xml"/> decodes zlib, gzip or plain bodies.</summary>
public sealed record AgentResponse(int Status, byte[] Body, string? ContentType, string WwwAuthenticate)
{
    public string Xml
    {
        get
        {
            if (Body.Length >= 2 && Body[0] == 0x78)
            {
                using var z = new ZLibStream(new MemoryStream(Body), CompressionMode.Decompress);
                using var reader = new StreamReader(z);
                return reader.ReadToEnd();
            }
            if (Body.Length >= 2 && Body[0] == 0x1F && Body[1] == 0x8B)
            {
                using var g = new GZipStream(new MemoryStream(Body), CompressionMode.Decompress);
                using var reader = new StreamReader(g);
                return reader.ReadToEnd();
            }
            return Encoding.UTF8.GetString(Body);
        }
    }
}
