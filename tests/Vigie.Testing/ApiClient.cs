using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Vigie.Testing;

/// <summary>HTTP to a test server, with an optional bearer token and extra headers (cookies, anti-forgery).</summary>
public sealed class ApiClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    public ApiClient(Uri baseAddress, string? bearer)
    {
        _http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        Bearer = bearer;
        if (bearer is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
    }

    public string? Bearer { get; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<ApiResponse> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body);

    public Task<ApiResponse> PutAsync(string path, object? body = null) => SendAsync(HttpMethod.Put, path, body);

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public Task<ApiResponse> SendRawAsync(HttpMethod method, string path, string body, string contentType = "application/json") =>
        SendCoreAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, contentType) });

    public Task<ApiResponse> SendBytesAsync(HttpMethod method, string path, byte[] body, string contentType = "application/octet-stream")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return SendCoreAsync(new HttpRequestMessage(method, path) { Content = content });
    }

    /// <summary>POSTs a JSON body and returns the response's raw bytes (file downloads).</summary>
    public async Task<(int Status, byte[] Body, string? ContentType)> PostForBytesAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) };
        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await _http.SendAsync(request, cts.Token);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(cts.Token), response.Content.Headers.ContentType?.MediaType);
    }

    public Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }
        else if (method != HttpMethod.Get && method != HttpMethod.Delete)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        return SendCoreAsync(request);
    }

    private async Task<ApiResponse> SendCoreAsync(HttpRequestMessage request)
    {
        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await _http.SendAsync(request, cts.Token);
        var text = await response.Content.ReadAsStringAsync(cts.Token);
        var setCookies = response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.ToList() : [];
        return new ApiResponse((int)response.StatusCode, text, response.Content.Headers.ContentType?.MediaType, setCookies,
            response.Headers.RetryAfter?.Delta);
    }

    public void Dispose() => _http.Dispose();
}
