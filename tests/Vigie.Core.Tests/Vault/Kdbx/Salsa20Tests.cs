using Vigie.Core.Vault.Kdbx;

namespace Vigie.Core.Tests.Vault.Kdbx;

public class Salsa20Tests
{
    // eSTREAM/ECRYPT Salsa20/20 verified test vectors, 256-bit key, set 1 vector 0: key 80 00 .. 00, IV 0.
    [Fact]
    public void Xor_EcryptSet1Vector0_MatchesStreamBytes0To63And192To255()
    {
        var key = new byte[32];
        key[0] = 0x80;
        var stream = new byte[256];
        using (var salsa = new Salsa20(key, new byte[8]))
        {
            salsa.Xor(stream);
        }
        Assert.Equal(
            "E3BE8FDD8BECA2E3EA8EF9475B29A6E7003951E1097A5C38D23B7A5FAD9F6844B22C97559E2723C7CBBD3FE4FC8D9A0744652A83E72A9C461876AF4D7EF1A117",
            Convert.ToHexString(stream.AsSpan(0, 64)));
        Assert.Equal(
            "57BE81F47B17D9AE7C4FF15429A73E10ACF250ED3A90A93C711308A74C6216A9ED84CD126DA7F28E8ABF8BB63517E1CA98E712F4FB2E1A6AED9FDC73291FAA17",
            Convert.ToHexString(stream.AsSpan(192, 64)));
    }
}
