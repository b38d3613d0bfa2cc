using Vigie.Core.Crypto;
using Vigie.Core.Vault.Kdbx;

namespace Vigie.Core.Tests.Vault.Kdbx;

public class KdbxRoundTripTests
{
    private static readonly KdbxWriteOptions FastAes = new() { AesKdfRounds = 1000 };

    public static TheoryData<string> AesVariants => ["aes-cbc", "chacha20", "uncompressed", "kdbx-4.1"];

    [Theory]
    [MemberData(nameof(AesVariants))]
    public void WriteThenRead_AesKdf_GivesBackTheSameBranch(string variant)
    {
        var options = variant switch
        {
            "chacha20" => FastAes with { Cipher = KdbxCipher.ChaCha20 },
            "uncompressed" => FastAes with { Compress = false },
            "kdbx-4.1" => FastAes with { MinorVersion = 1 },
            _ => FastAes,
        };
        AssertRoundTrip(options);
    }

    [SkippableTheory]
    [InlineData(KdbxKdf.Argon2id)]
    [InlineData(KdbxKdf.Argon2d)]
    public void WriteThenRead_Argon2_GivesBackTheSameBranch(KdbxKdf kdf)
    {
        Skip.IfNot(Argon2Native.IsAvailable, "libargon2.so.1 is not installed (apt-get install libargon2-1)");
        AssertRoundTrip(new KdbxWriteOptions { Kdf = kdf, Argon2Iterations = 2, Argon2MemoryBytes = 1 << 20 });
    }

    [Fact]
    public void Write_FileStartsWithKdbx4SignatureAndHasNoLegacyFields()
    {
        var bytes = KdbxFiles.Write(FastAes);
        Assert.Equal("03d9a29a67fb4bb500000400", Convert.ToHexStringLower(bytes.AsSpan(0, 12)));
        var fieldIds = new List<byte>();
        var offset = 12;
        while (true)
        {
            var id = bytes[offset];
            fieldIds.Add(id);
            offset += 5 + BitConverter.ToInt32(bytes, offset + 1);
            if (id == 0)
            {
                break;
            }
        }
        Assert.Equal([2, 3, 4, 7, 11, 0], fieldIds);
    }

    [Fact]
    public void Write_ProtectedValuesNeverAppearInClear()
    {
        var bytes = KdbxFiles.Write(FastAes with { Compress = false, Cipher = KdbxCipher.ChaCha20 });
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        Assert.DoesNotContain("old-password", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_RepeatedCustomFieldName_Refused()
    {
        using var db = KdbxSamples.Branch();
        db.Root.Entries[0].Fields.Add(new KdbxField("PIN", KdbxSecret.FromChars("x"), isProtected: false));
        using var credentials = KdbxCredentials.FromPassword("x");
        Assert.Throws<ArgumentException>(() => KdbxWriter.Write(new MemoryStream(), db, credentials, FastAes));
    }

    [Fact]
    public void Dispose_ClearsSecrets()
    {
        var db = KdbxSamples.Branch();
        var password = db.Root.Entries[0].Password;
        db.Dispose();
        Assert.Throws<ObjectDisposedException>(() => password.Utf8.Length);
        Assert.Equal("[redacted]", password.ToString());
    }

    private static void AssertRoundTrip(KdbxWriteOptions options)
    {
        using var expected = KdbxSamples.Branch();
        using var credentials = KdbxCredentials.FromPassword(KdbxSamples.Password);
        var file = new MemoryStream();
        KdbxWriter.Write(file, expected, credentials, options);
        file.Position = 0;
        using var actual = KdbxReader.Read(file, credentials);
        KdbxSamples.AssertSame(expected, actual);
    }
}
