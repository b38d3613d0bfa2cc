using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Vigie.Core.Inventory.Snmp;

/// <summary>
/// SNMPv3 with the User-based Security Model (RFC 3414): engine discovery, the agent's clock, key localisation,
/// HMAC signing and checking, AES-CFB privacy. The client serialises calls, so no locking here.
/// </summary>
internal sealed class UsmMessageProcessor : ISnmpMessageProcessor
{
    private const int TimeWindowSeconds = 150;

    private readonly SnmpAuthProtocol _authProtocol;
    private readonly SnmpPrivProtocol _privProtocol;
    private readonly byte[] _userName;
    private readonly byte[]? _authMasterKey;
    private readonly byte[]? _privMasterKey;
    private readonly TimeProvider _timeProvider;
    private byte[]? _authKey;
    private byte[]? _privKey;
    private byte[] _engineId = [];
    private int _engineBoots;
    private int _engineTime;
    private long _engineTimeTakenAt;
    private ulong _salt;

    public UsmMessageProcessor(SnmpCredentials credentials, TimeProvider timeProvider)
    {
        _authProtocol = credentials.AuthProtocol;
        _privProtocol = credentials.PrivProtocol;
        _userName = Encoding.UTF8.GetBytes(credentials.User ?? throw new ArgumentException("SNMPv3 needs a user.", nameof(credentials)));
        _timeProvider = timeProvider;
        if (_authProtocol != SnmpAuthProtocol.None)
        {
            _authMasterKey = MasterKey(credentials.AuthPassword);
        }
        if (_privProtocol != SnmpPrivProtocol.None)
        {
            _privMasterKey = MasterKey(credentials.PrivPassword);
        }
        Span<byte> salt = stackalloc byte[8];
        RandomNumberGenerator.Fill(salt);
        _salt = BinaryPrimitives.ReadUInt64BigEndian(salt);
    }

    public bool IsDiscovered => _engineId.Length > 0;

    /// <summary>The msgMaxSize announced to the agent.</summary>
    public int MaxMessageSize { get; set; } = SnmpClientOptions.MaxUdpPayload;

    internal ReadOnlySpan<byte> EngineId => _engineId;

    internal int EngineBoots => _engineBoots;

    private bool UsesAuth => _authProtocol != SnmpAuthProtocol.None;

    public bool UsesPriv => _privProtocol != SnmpPrivProtocol.None;

    public OutgoingMessage Encode(SnmpPdu pdu, bool discovery)
    {
        var messageId = RandomNumberGenerator.GetInt32(1, int.MaxValue);
        if (discovery)
        {
            // RFC 3414 section 4: an unauthenticated request with an empty engine ID and user draws a Report
            // that carries the agent's engine ID, boots and time.
            var probe = new UsmSecurityParameters([], 0, 0, [], [], []);
            var scoped = V3MessageCodec.EncodeScopedPdu([], [], pdu);
            return new(V3MessageCodec.Encode(messageId, MaxMessageSize, V3MessageFlags.Reportable, probe, scoped), messageId);
        }
        if (!IsDiscovered)
        {
            throw new InvalidOperationException("The SNMPv3 engine has not been discovered.");
        }
        var flags = V3MessageFlags.Reportable
            | (UsesAuth ? V3MessageFlags.Auth : V3MessageFlags.None)
            | (UsesPriv ? V3MessageFlags.Priv : V3MessageFlags.None);
        var engineTime = EstimatedEngineTime();
        var privacyParameters = UsesPriv ? NextSalt() : [];
        var security = new UsmSecurityParameters(
            _engineId, _engineBoots, engineTime, _userName, new byte[UsmKeys.MacLength(_authProtocol)], privacyParameters);
        var data = V3MessageCodec.EncodeScopedPdu(_engineId, [], pdu);
        if (UsesPriv)
        {
            var plaintext = data;
            var privKey = _privKey ?? throw new InvalidOperationException("The SNMPv3 privacy key is not localised.");
            data = AesCfbPrivacy.Encrypt(privKey, AesCfbPrivacy.BuildIv(_engineBoots, engineTime, privacyParameters), plaintext);
            CryptographicOperations.ZeroMemory(plaintext);
        }
        var message = V3MessageCodec.Encode(messageId, MaxMessageSize, flags, security, data);
        if (UsesAuth)
        {
            var offset = V3MessageCodec.Decode(message).Security.AuthenticationOffset;
            var authKey = _authKey ?? throw new InvalidOperationException("The SNMPv3 authentication key is not localised.");
            UsmAuthentication.Sign(_authProtocol, authKey, message, offset);
        }
        return new(message, messageId);
    }

    public SnmpPdu? TryDecode(ReadOnlySpan<byte> datagram, IReadOnlyCollection<int> messageIds)
    {
        try
        {
            return Decode(datagram, messageIds);
        }
        catch (Exception exception) when (exception is SnmpException or CryptographicException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var key in new[] { _authMasterKey, _privMasterKey, _authKey, _privKey })
        {
            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }

    private SnmpPdu? Decode(ReadOnlySpan<byte> datagram, IReadOnlyCollection<int> messageIds)
    {
        var message = V3MessageCodec.Decode(datagram);
        if (!messageIds.Contains(message.MessageId))
        {
            return null;
        }
        var security = message.Security;
        var authenticated = message.Flags.HasFlag(V3MessageFlags.Auth);
        var encrypted = message.Flags.HasFlag(V3MessageFlags.Priv);
        if (authenticated && !IsAuthentic(datagram, security))
        {
            return null;
        }
        var privKey = _privKey;
        if (encrypted && !(authenticated && privKey is not null))
        {
            return null;
        }
        var scoped = encrypted && privKey is not null
            ? AesCfbPrivacy.Decrypt(privKey, AesCfbPrivacy.BuildIv(security.EngineBoots, security.EngineTime, security.PrivacyParameters), message.ScopedPduData)
            : message.ScopedPduData;
        var pdu = V3MessageCodec.DecodeScopedPdu(scoped);
        if (pdu.Type == SnmpPduType.Report)
        {
            LearnFromReport(pdu, security, authenticated);
            return pdu;
        }
        // RFC 3412 section 7.2 step 12: a response comes back at the security level of the request, for the same user.
        if (pdu.Type != SnmpPduType.Response
            || authenticated != UsesAuth
            || encrypted != UsesPriv
            || !security.UserName.AsSpan().SequenceEqual(_userName)
            || !security.EngineId.AsSpan().SequenceEqual(_engineId))
        {
            return null;
        }
        if (authenticated)
        {
            if (!IsInTimeWindow(security))
            {
                return null;
            }
            FollowAgentClock(security);
        }
        return pdu;
    }

    private bool IsAuthentic(ReadOnlySpan<byte> datagram, UsmSecurityParameters security) =>
        _authKey is not null
        && IsDiscovered
        && security.EngineId.AsSpan().SequenceEqual(_engineId)
        && UsmAuthentication.Verify(_authProtocol, _authKey, datagram, security.AuthenticationOffset, security.AuthenticationParameters.Length);

    private void LearnFromReport(SnmpPdu report, UsmSecurityParameters security, bool authenticated)
    {
        switch (UsmReports.Classify(report))
        {
            case UsmReportKind.UnknownEngineId when security.EngineId.Length > 0:
                if (!security.EngineId.AsSpan().SequenceEqual(_engineId))
                {
                    AdoptEngine(security.EngineId);
                }
                SetClock(security.EngineBoots, security.EngineTime);
                break;
            // An unauthenticated notInTimeWindow report could be forged to push the clock around; with
            // authentication in use only a signed one moves it (RFC 3414 section 3.2 step 7b).
            case UsmReportKind.NotInTimeWindow when IsDiscovered && (authenticated || !UsesAuth)
                && security.EngineId.AsSpan().SequenceEqual(_engineId):
                SetClock(security.EngineBoots, security.EngineTime);
                break;
        }
    }

    private void AdoptEngine(byte[] engineId)
    {
        _engineId = engineId;
        if (_authMasterKey is not null)
        {
            Replace(ref _authKey, UsmKeys.Localize(_authProtocol, _authMasterKey, engineId));
        }
        if (_privMasterKey is not null)
        {
            // RFC 3826 section 1.2: the privacy key is localised with the authentication protocol's hash.
            Replace(ref _privKey, UsmKeys.Localize(_authProtocol, _privMasterKey, engineId));
        }
    }

    /// <summary>RFC 3414 section 3.2 step 7b: an authentic message older than 150 s of the agent's clock is a replay.</summary>
    private bool IsInTimeWindow(UsmSecurityParameters security) =>
        security.EngineBoots != int.MaxValue
        && security.EngineBoots >= _engineBoots
        && (security.EngineBoots > _engineBoots || security.EngineTime >= EstimatedEngineTime() - TimeWindowSeconds);

    /// <summary>RFC 3414 section 3.2 step 7b: a non-authoritative engine follows newer authentic clock values.</summary>
    private void FollowAgentClock(UsmSecurityParameters security)
    {
        if (security.EngineBoots > _engineBoots
            || (security.EngineBoots == _engineBoots && security.EngineTime > EstimatedEngineTime()))
        {
            SetClock(security.EngineBoots, security.EngineTime);
        }
    }

    private void SetClock(int boots, int time)
    {
        _engineBoots = boots;
        _engineTime = time;
        _engineTimeTakenAt = _timeProvider.GetTimestamp();
    }

    private int EstimatedEngineTime()
    {
        var elapsed = _timeProvider.GetElapsedTime(_engineTimeTakenAt).TotalSeconds;
        return (int)Math.Min(int.MaxValue, _engineTime + Math.Max(0, elapsed));
    }

    private byte[] NextSalt()
    {
        var salt = new byte[AesCfbPrivacy.SaltLength];
        BinaryPrimitives.WriteUInt64BigEndian(salt, unchecked(_salt++));
        return salt;
    }

    private byte[] MasterKey(string? password)
    {
        var bytes = Encoding.UTF8.GetBytes(password ?? throw new ArgumentException("An SNMPv3 password is missing."));
        try
        {
            return UsmKeys.PasswordToKey(_authProtocol, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static void Replace(ref byte[]? key, byte[] value)
    {
        if (key is not null)
        {
            CryptographicOperations.ZeroMemory(key);
        }
        key = value;
    }
}
