using Vigie.Core.Vault.Sealing;

namespace Vigie.Core.Tests.Vault.Sealing;

public class Gf256Tests
{
    // FIPS-197 §4.2: {57}•{83} = {c1} and {57}•{13} = {fe}; §5.1.1: {ca} is the inverse of {53}.
    [Theory]
    [InlineData(0x57, 0x83, 0xC1)]
    [InlineData(0x57, 0x13, 0xFE)]
    [InlineData(0x53, 0xCA, 0x01)]
    [InlineData(0x02, 0x80, 0x1B)]
    public void Multiply_Fips197Examples_Match(int a, int b, int expected)
    {
        Assert.Equal((byte)expected, Gf256.Multiply((byte)a, (byte)b));
        Assert.Equal((byte)expected, Gf256.Multiply((byte)b, (byte)a));
    }

    [Fact]
    public void Multiply_EveryPair_MatchesLogExpTablesBuiltFromXtime()
    {
        // An independent construction: 0x03 generates the multiplicative group, and multiplying by 0x03 is
        // v ^ xtime(v) (FIPS-197 §4.2.1).
        var exp = new byte[255];
        var log = new int[256];
        byte v = 1;
        for (var i = 0; i < 255; i++)
        {
            exp[i] = v;
            log[v] = i;
            var xtime = (byte)((v << 1) ^ ((v & 0x80) != 0 ? 0x1B : 0));
            v = (byte)(v ^ xtime);
        }
        Assert.Equal(1, v);
        Assert.Equal(255, exp.Distinct().Count());

        for (var a = 0; a < 256; a++)
        {
            for (var b = 0; b < 256; b++)
            {
                var expected = a == 0 || b == 0 ? 0 : exp[(log[a] + log[b]) % 255];
                Assert.Equal((byte)expected, Gf256.Multiply((byte)a, (byte)b));
            }
        }
    }

    [Fact]
    public void Multiply_ZeroAndOne_AreAbsorbingAndNeutral()
    {
        for (var a = 0; a < 256; a++)
        {
            Assert.Equal(0, Gf256.Multiply((byte)a, 0));
            Assert.Equal((byte)a, Gf256.Multiply((byte)a, 1));
        }
    }

    [Fact]
    public void Multiply_EveryNonZeroRow_IsAPermutation()
    {
        for (var a = 1; a < 256; a++)
        {
            var row = new HashSet<byte>();
            for (var b = 0; b < 256; b++)
            {
                row.Add(Gf256.Multiply((byte)a, (byte)b));
            }
            Assert.Equal(256, row.Count);
        }
    }

    [Fact]
    public void Multiply_IsAssociativeAndDistributesOverXor()
    {
        byte[] samples = [0x00, 0x01, 0x02, 0x03, 0x1B, 0x53, 0x57, 0x80, 0x83, 0xCA, 0xFE, 0xFF];
        for (var a = 0; a < 256; a++)
        {
            for (var b = 0; b < 256; b++)
            {
                foreach (var c in samples)
                {
                    Assert.Equal(
                        Gf256.Multiply(Gf256.Multiply((byte)a, (byte)b), c),
                        Gf256.Multiply((byte)a, Gf256.Multiply((byte)b, c)));
                    Assert.Equal(
                        Gf256.Multiply((byte)a, (byte)(b ^ c)),
                        (byte)(Gf256.Multiply((byte)a, (byte)b) ^ Gf256.Multiply((byte)a, c)));
                }
            }
        }
    }

    [Fact]
    public void Inverse_EveryNonZeroElement_MultipliesToOne()
    {
        var inverses = new HashSet<byte>();
        for (var a = 1; a < 256; a++)
        {
            var inverse = Gf256.Inverse((byte)a);
            Assert.Equal(1, Gf256.Multiply((byte)a, inverse));
            Assert.Equal((byte)a, Gf256.Inverse(inverse));
            inverses.Add(inverse);
        }
        Assert.Equal(255, inverses.Count);
        Assert.Equal(0xCA, Gf256.Inverse(0x53));
        Assert.Equal(0, Gf256.Inverse(0));
    }

    [Fact]
    public void Divide_UndoesMultiply()
    {
        for (var a = 0; a < 256; a++)
        {
            for (var b = 1; b < 256; b++)
            {
                Assert.Equal((byte)a, Gf256.Divide(Gf256.Multiply((byte)a, (byte)b), (byte)b));
            }
        }
    }
}
