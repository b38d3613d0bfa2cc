using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace Vigie.Cli;

/// <summary>
/// HTTP to the Vigie JSON API. Successful answers come back as their body text; problem answers,
/// unreachable servers and timeouts become <see cref="CliException"/>s with the matching exit code.
/// </summary>
internal sealed partial class ApiClient : IDisposable
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;
    private readonly string _display;

    public ApiClient(Uri baseAddress, string? bearer)
    {
        // No redirects: a bearer token is only ever sent to the URL the user configured.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("vigie-cli", "1.0"));
        if (bearer is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        _display = ServerUrl.Display(baseAddress);
    }

    public Task<string> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<string> PostAsync(string path, object? body, CancellationToken ct) => SendAsync(HttpMethod.Post, path, Json(body ?? new { }), ct);

    /// <summary>A POST whose work on the server (polling a device, say) may take longer than <see cref="RequestTimeout"/>.</summary>
    public async Task<string> PostAsync(string path, object? body, TimeSpan timeout, CancellationToken ct) =>
        (await SendCoreAsync(HttpMethod.Post, path, Json(body ?? new { }), null, timeout, ct)).Body;

    /// <summary>
    /// POSTs <paramref name="content"/> as the raw <c>application/octet-stream</c> body, streamed rather than buffered.
    /// It waits for the server's <c>100 Continue</c>, so a refused token or permission costs no upload.
    /// <paramref name="headers"/> go with the request only (a file's password, say), never into the client's defaults.
    /// </summary>
    public async Task<string> UploadAsync(string path, Stream content, long length, TimeSpan timeout, CancellationToken ct,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var body = new StreamContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Headers.ContentLength = length;
        return (await SendCoreAsync(HttpMethod.Post, path, body, null, timeout, ct, expectContinue: true, headers)).Body;
    }

    public Task<string> PutAsync(string path, object body, CancellationToken ct) => SendAsync(HttpMethod.Put, path, Json(body), ct);

    /// <summary>PUTs a JSON document read from a file as it is, so the server sees exactly what the operator wrote.</summary>
    public Task<string> PutJsonTextAsync(string path, string json, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), ct);

    public Task<string> DeleteAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Delete, path, null, ct);

    /// <summary>A non-JSON document (a CSV export): its text and media type. Errors still come back as problem documents.</summary>
    public Task<(string Body, string? MediaType)> DownloadAsync(string path, string accept, CancellationToken ct) =>
        SendCoreAsync(HttpMethod.Get, path, null, accept, RequestTimeout, ct);

    private async Task<string> SendAsync(HttpMethod method, string path, HttpContent? body, CancellationToken ct) =>
        (await SendCoreAsync(method, path, body, null, RequestTimeout, ct)).Body;

    private static JsonContent Json(object body) => JsonContent.Create(body, options: WireJson.Options);

    private async Task<(string Body, string? MediaType)> SendCoreAsync(HttpMethod method, string path, HttpContent? body, string? accept,
        TimeSpan limit, CancellationToken ct, bool expectContinue = false, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }
        if (expectContinue)
        {
            request.Headers.ExpectContinue = true;
        }
        if (accept is not null)
        {
            // Problem documents are JSON whatever the document asked for.
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (response.IsSuccessStatusCode)
            {
                return (text, mediaType);
            }
            throw Problem.ToException((int)response.StatusCode, response.ReasonPhrase, mediaType, text);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unavailable, $"Vigie at {_display} did not answer within {limit.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            var reason = ex.InnerException is SocketException socket ? Describe(socket.SocketErrorCode) : ex.HttpRequestError.ToString();
            throw new CliException(ExitCodes.Unavailable, $"cannot reach Vigie at {_display}: {reason}",
                ["check --url / VIGIE_URL and that the server is running"]);
        }
    }

    private static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData => "host not found",
        SocketError.TimedOut => "connection timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
        _ => error.ToString(),
    };

    public void Dispose() => _http.Dispose();
}
