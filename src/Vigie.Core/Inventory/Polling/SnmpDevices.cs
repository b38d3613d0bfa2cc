using System.Net;
using Dapper;
using Vigie.Core.Audit;
using Vigie.Core.Common;
using Vigie.Core.Crypto;
using Vigie.Core.Inventory.Snmp;
using Vigie.Core.Storage;

namespace Vigie.Core.Inventory.Polling;

/// <summary>The SNMP equipment to poll: add (credentials sealed), list, remove.</summary>
public sealed class SnmpDevices
{
    private readonly IDbConnectionFactory _connections;
    private readonly IAuditLog _audit;
    private readonly FieldCipher _cipher;
    private readonly TimeProvider _clock;

    public SnmpDevices(IDbConnectionFactory connections, IAuditLog audit, FieldCipher cipher, TimeProvider clock)
    {
        _connections = connections;
        _audit = audit;
        _cipher = cipher;
        _clock = clock;
    }

    public async Task<SnmpDeviceView> AddAsync(AuditActor actor, AddSnmpDeviceRequest request, CancellationToken ct)
    {
        var credentials = Validate(request);
        var id = Ids.New(_clock);
        var now = _clock.GetUtcNow();
        var row = new DeviceRow
        {
            Id = id,
            Name = request.Name!.Trim(),
            Address = request.Address!.Trim(),
            Port = request.Port ?? 161,
            Version = credentials.Version,
            Credentials = credentials.Seal(_cipher, id),
            Enabled = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await _connections.InTransactionAsync(async (c, t) =>
        {
            if (await c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM inventory_snmp_devices WHERE address = @Address AND port = @Port",
                    new { row.Address, row.Port }, t, cancellationToken: ct)) > 0)
            {
                throw ProblemException.Conflict("snmp_device_exists", "This address and port are already configured.");
            }
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO inventory_snmp_devices (id, name, address, port, version, credentials, enabled, created_at, updated_at)
                VALUES (@Id, @Name, @Address, @Port, @Version, @Credentials, @Enabled, @CreatedAt, @UpdatedAt)
                """, row, t, cancellationToken: ct));
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.SnmpDeviceAdded, $"snmp-device:{id}", AuditEntry.Success,
                new Dictionary<string, object?> { ["name"] = row.Name, ["address"] = row.Address, ["port"] = row.Port, ["version"] = row.Version }), ct);
        }, ct);
        return row.ToView(credentials);
    }

    public async Task<IReadOnlyList<SnmpDeviceView>> ListAsync(CancellationToken ct)
    {
        await using var c = await _connections.OpenAsync(ct);
        var rows = await c.QueryAsync<DeviceRow>(new CommandDefinition($"SELECT {DeviceRow.Columns} FROM inventory_snmp_devices ORDER BY name, address", cancellationToken: ct));
        return rows.Select(r => r.ToView(StoredSnmpCredentials.Open(_cipher, r.Id, r.Credentials))).ToList();
    }

    public Task RemoveAsync(AuditActor actor, Guid id, CancellationToken ct) =>
        _connections.InTransactionAsync(async (c, t) =>
        {
            if (await c.ExecuteAsync(new CommandDefinition("DELETE FROM inventory_snmp_devices WHERE id = @Id", new { Id = id }, t, cancellationToken: ct)) == 0)
            {
                throw ProblemException.NotFound("SNMP device");
            }
            await _audit.AppendAsync(c, t, new AuditEntry(actor, AuditActions.SnmpDeviceRemoved, $"snmp-device:{id}", AuditEntry.Success), ct);
        }, ct);

    internal async Task<(DeviceRow Row, StoredSnmpCredentials Credentials)?> LoadAsync(Guid id, CancellationToken ct)
    {
        await using var c = await _connections.OpenAsync(ct);
        var row = await c.QueryFirstOrDefaultAsync<DeviceRow>(new CommandDefinition(
            $"SELECT {DeviceRow.Columns} FROM inventory_snmp_devices WHERE id = @Id", new { Id = id }, cancellationToken: ct));
        return row is null ? null : (row, StoredSnmpCredentials.Open(_cipher, row.Id, row.Credentials));
    }

    internal async Task<IReadOnlyList<Guid>> DueAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var c = await _connections.OpenAsync(ct);
        return (await c.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM inventory_snmp_devices WHERE enabled = @True AND (last_poll_at IS NULL OR last_poll_at < @Before) ORDER BY last_poll_at",
            new { True = true, Before = before }, cancellationToken: ct))).ToList();
    }

    private static StoredSnmpCredentials Validate(AddSnmpDeviceRequest r)
    {
        var errors = new ValidationErrors().Require("name", r.Name, 200).Require("address", r.Address, 255);
        if (r.Address is not null && !IPAddress.TryParse(r.Address.Trim(), out _) && Uri.CheckHostName(r.Address.Trim()) != UriHostNameType.Dns)
        {
            errors.Add("address", "must be an IP address or a host name");
        }
        if (r.Port is < 1 or > 65535)
        {
            errors.Add("port", "must be between 1 and 65535");
        }
        var version = r.Version?.Trim().ToLowerInvariant() switch
        {
            "2c" or "v2c" or "2" => "2c",
            "3" or "v3" => "3",
            _ => null,
        };
        if (version is null)
        {
            errors.Add("version", "must be '2c' or '3'");
        }
        else if (version == "2c")
        {
            errors.Require("community", r.Community, 255);
            if (r.Username is not null || r.AuthPassword is not null || r.PrivPassword is not null)
            {
                errors.Add("username", "SNMPv2c takes a community only");
            }
        }
        else
        {
            errors.Require("username", r.Username, 64);
            if (r.Community is not null)
            {
                errors.Add("community", "SNMPv3 takes a user, not a community");
            }
            try
            {
                _ = SnmpCredentials.V3(r.Username ?? "x", StoredSnmpCredentials.ParseAuth(r.AuthProtocol), r.AuthPassword,
                    StoredSnmpCredentials.ParsePriv(r.PrivProtocol), r.PrivPassword);
            }
            catch (ArgumentException ex)
            {
                // The messages name parameters and rules, never the passwords themselves.
                errors.Add("authProtocol", ex.Message);
            }
        }
        errors.ThrowIfAny();
        return version == "2c"
            ? new StoredSnmpCredentials("2c", r.Community, null, null, null, null, null)
            : new StoredSnmpCredentials("3", null, r.Username!.Trim(), r.AuthProtocol?.ToLowerInvariant() ?? "none", r.AuthPassword,
                r.PrivProtocol?.ToLowerInvariant() ?? "none", r.PrivPassword);
    }

    internal sealed class DeviceRow
    {
        public const string Columns = "id, name, address, port, version, credentials, enabled, asset_id, last_poll_at, last_poll_status, last_error, created_at, updated_at";

        public Guid Id { get; set; }
        public string Name { get; set; } = "";
        public string Address { get; set; } = "";
        public int Port { get; set; }
        public string Version { get; set; } = "";
        public string Credentials { get; set; } = "";
        public bool Enabled { get; set; }
        public Guid? AssetId { get; set; }
        public DateTimeOffset? LastPollAt { get; set; }
        public string? LastPollStatus { get; set; }
        public string? LastError { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }

        public SnmpDeviceView ToView(StoredSnmpCredentials c) => new(Id, Name, Address, Port, Version, c.Username, c.AuthProtocol, c.PrivProtocol,
            Enabled, AssetId, LastPollAt, LastPollStatus, LastError, CreatedAt);
    }
}
