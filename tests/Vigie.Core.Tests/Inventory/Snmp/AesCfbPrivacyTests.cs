using Vigie.Core.Inventory.Snmp;

namespace Vigie.Core.Tests.Inventory.Snmp;

public class AesCfbPrivacyTests
{
    // NIST SP 800-38A appendix F.3.13, CFB128-AES128.Encrypt, first two blocks.
    [Fact]
    public void Encrypt_Sp80038aCfb128Vector_MatchesReference()
    {
        var key = Convert.FromHexString("2b7e151628aed2a6abf7158809cf4f3c");
        var iv = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
        var plaintext = Convert.FromHexString("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");

        var ciphertext = AesCfbPrivacy.Encrypt(key, iv, plaintext);

        Assert.Equal("3b3fd92eb72dad20333449f8e83cfb4ac8a64537a0b3a93fcde3cdad9f1ce58b", Convert.ToHexStringLower(ciphertext));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(37)]
    [InlineData(1400)]
    public void EncryptDecrypt_AnyLength_RoundTripsWithoutPadding(int length)
    {
        var key = Enumerable.Range(0, 20).Select(i => (byte)i).ToArray();
        var iv = AesCfbPrivacy.BuildIv(7, 123456, [1, 2, 3, 4, 5, 6, 7, 8]);
        var plaintext = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();

        var ciphertext = AesCfbPrivacy.Encrypt(key, iv, plaintext);

        Assert.Equal(length, ciphertext.Length);
        Assert.Equal(plaintext, AesCfbPrivacy.Decrypt(key, iv, ciphertext));
    }

    [Fact]
    public void BuildIv_BootsTimeSalt_Rfc3826Layout()
    {
        var iv = AesCfbPrivacy.BuildIv(0x01020304, 0x0A0B0C0D, [0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7]);

        Assert.Equal("010203040A0B0C0DF0F1F2F3F4F5F6F7", Convert.ToHexString(iv));
        Assert.Throws<SnmpException>(() => AesCfbPrivacy.BuildIv(1, 1, [1, 2, 3]));
    }
}
