namespace Vigie.Core.Inventory.Polling;

/// <summary>
/// Equipment to poll. Version <c>2c</c> takes a community; version <c>3</c> a user with <c>sha1</c>/<c>sha256</c>
/// authentication and optional <c>aes128</c> privacy. Secrets are stored encrypted and never returned.
/// </summary>
public sealed record AddSnmpDeviceRequest(string? Name, string? Address, int? Port, string? Version, string? Community, string? Username,
    string? AuthProtocol, string? AuthPassword, string? PrivProtocol, string? PrivPassword)
{
    public override string ToString() => $"AddSnmpDeviceRequest({Name}, {Address}:{Port}, v{Version}, [secrets redacted])";
}

/// <summary>A configured device as the API shows it: no community, no password.</summary>
public sealed record SnmpDeviceView(Guid Id, string Name, string Address, int Port, string Version, string? Username, string? AuthProtocol,
    string? PrivProtocol, bool Enabled, Guid? AssetId, DateTimeOffset? LastPollAt, string? LastPollStatus, string? LastError, DateTimeOffset CreatedAt);

/// <summary>The outcome of one poll.</summary>
public sealed record SnmpPollResult(Guid DeviceId, string Status, Guid? AssetId, string? Error, DateTimeOffset PolledAt);
