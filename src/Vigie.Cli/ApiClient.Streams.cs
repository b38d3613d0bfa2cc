using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Vigie.Cli;

/// <summary>Requests whose answer or body is a file too large to hold as text (vault exports).</summary>
internal sealed partial class ApiClient
{
    /// <summary>
    /// POSTs <paramref name="body"/> and streams a binary answer into <paramref name="destination"/>. Problem answers become
    /// <see cref="CliException"/>s as usual; an answer cut short (the server stopped midway) too.
    /// </summary>
    public async Task DownloadToAsync(string path, HttpContent body, Stream destination, TimeSpan limit, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/octet-stream"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                throw Problem.ToException((int)response.StatusCode, response.ReasonPhrase, response.Content.Headers.ContentType?.MediaType, text);
            }
            await using var answer = await response.Content.ReadAsStreamAsync(timeout.Token);
            await answer.CopyToAsync(destination, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unavailable, $"Vigie at {_display} did not finish within {limit.TotalMinutes:0} min");
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException socket)
        {
            throw new CliException(ExitCodes.Unavailable, $"cannot reach Vigie at {_display}: {Describe(socket.SocketErrorCode)}",
                ["check --url / VIGIE_URL and that the server is running"]);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new CliException(ExitCodes.Unavailable, $"the answer of Vigie at {_display} was cut short", ["see the server's log; nothing was kept"]);
        }
    }

    /// <summary>POSTs a multipart body (waiting for <c>100 Continue</c>, so a refusal costs no upload); returns the answer's text.</summary>
    public async Task<string> PostMultipartAsync(string path, MultipartFormDataContent content, TimeSpan limit, CancellationToken ct) =>
        (await SendCoreAsync(HttpMethod.Post, path, content, null, limit, ct, expectContinue: true)).Body;
}
