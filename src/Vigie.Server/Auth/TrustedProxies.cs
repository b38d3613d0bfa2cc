using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Vigie.Server.Auth;

/// <summary>
/// Behind a reverse proxy every request comes from the proxy: the audit trail ("from where"), login throttling and
/// lockout would all see one address. The addresses and networks listed in <c>Server:TrustedProxies</c> may name the
/// client in <c>X-Forwarded-For</c> (and the scheme in <c>X-Forwarded-Proto</c>); anyone else's header is ignored, so
/// a client cannot choose the address it is audited and throttled under. Nothing is trusted by default.
/// </summary>
internal static class TrustedProxies
{
    public static ForwardedHeadersOptions? Parse(string? configured)
    {
        var entries = (configured ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (entries.Length == 0)
        {
            return null;
        }
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            // Walk back through every trusted hop to the first address that is not one of ours.
            ForwardLimit = null,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in entries)
        {
            if (entry.Contains('/'))
            {
                if (!System.Net.IPNetwork.TryParse(entry, out var network))
                {
                    throw Invalid(entry);
                }
                options.KnownIPNetworks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
                if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                {
                    // Kestrel reports IPv4 peers on a dual-stack socket as ::ffff:a.b.c.d.
                    options.KnownProxies.Add(address.MapToIPv6());
                }
            }
            else
            {
                throw Invalid(entry);
            }
        }
        return options;
    }

    private static InvalidOperationException Invalid(string entry) =>
        new($"Server:TrustedProxies: '{entry}' is neither an IP address nor a network such as 10.0.0.0/8.");
}
