using System.Buffers.Binary;
using System.Text;
using Vigie.Core.Crypto;
using Vigie.Core.Vault.Kdbx;

namespace Vigie.Core.Tests.Vault.Kdbx;

public class KdbxBadFileTests
{
    private static readonly KdbxWriteOptions Fast = new() { AesKdfRounds = 1000 };
    private static readonly Lazy<byte[]> Good = new(() => KdbxFiles.Write(Fast));

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("PK\u0003\u0004 this is a zip file, not a database")]
    [InlineData("<?xml version=\"1.0\"?><KeePassFile/>")]
    public void Read_NotKeePass_ClearError(string content)
    {
        var error = KdbxFiles.ReadFails(Encoding.UTF8.GetBytes(content));
        Assert.Equal(KdbxError.NotKeePass, error.Error);
        Assert.Equal("not a KeePass file", error.Message);
    }

    [Fact]
    public void Read_RandomBytes_NotKeePass() =>
        Assert.Equal(KdbxError.NotKeePass, KdbxFiles.ReadFails(Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), 4096)).Error);

    [Theory]
    [InlineData(2, 1, "unsupported KDBX version 2.1 (only KDBX 3.1 and 4 are read)")]
    [InlineData(5, 0, "unsupported KDBX version 5.0 (only KDBX 3.1 and 4 are read)")]
    public void Read_OtherKdbxVersion_UnsupportedVersion(ushort major, ushort minor, string message)
    {
        var file = (byte[])Good.Value.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), minor);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(10), major);
        var error = KdbxFiles.ReadFails(file);
        Assert.Equal(KdbxError.UnsupportedVersion, error.Error);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Read_KeePass1Database_UnsupportedVersion()
    {
        var file = (byte[])Good.Value.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), 0xB54BFB65);
        var error = KdbxFiles.ReadFails(file);
        Assert.Equal(KdbxError.UnsupportedVersion, error.Error);
        Assert.Contains("KeePass 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TwofishCipher_Unsupported()
    {
        var file = (byte[])Good.Value.Clone();
        Convert.FromHexString("AD68F29F576F4BB9A36AD47AF965346C").CopyTo(file, 17);
        var error = KdbxFiles.ReadFails(file);
        Assert.Equal(KdbxError.Unsupported, error.Error);
        Assert.StartsWith("unsupported cipher Twofish", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongPassword_WrongCredentials()
    {
        var error = KdbxFiles.ReadFails(Good.Value, "not-the-password");
        Assert.Equal(KdbxError.WrongCredentials, error.Error);
        Assert.Equal("wrong password or corrupted file", error.Message);
    }

    [Fact]
    public void Read_AlteredHeader_CorruptedNotWrongPassword()
    {
        var file = (byte[])Good.Value.Clone();
        file[60] ^= 0x01; // inside the master seed
        var error = KdbxFiles.ReadFails(file);
        Assert.Equal(KdbxError.Corrupted, error.Error);
        Assert.Equal("corrupted header (checksum mismatch)", error.Message);
    }

    [Fact]
    public void Read_AlteredPayload_CorruptedBlock0()
    {
        var file = (byte[])Good.Value.Clone();
        file[^50] ^= 0x01;
        var error = KdbxFiles.ReadFails(file);
        Assert.Equal(KdbxError.Corrupted, error.Error);
        Assert.Equal("corrupted block 0", error.Message);
    }

    [Fact]
    public void Read_Truncated_CorruptedWithWhere()
    {
        var file = Good.Value;
        var headerEnd = HeaderLength(file) + 64;
        Assert.Equal("file is truncated (header)", KdbxFiles.ReadFails(file[..40]).Message);
        Assert.Equal("file is truncated (header)", KdbxFiles.ReadFails(file[..(headerEnd - 10)]).Message);
        Assert.Equal("file is truncated (block 0)", KdbxFiles.ReadFails(file[..headerEnd]).Message);
        Assert.Equal("file is truncated (block 0)", KdbxFiles.ReadFails(file[..(file.Length - 100)]).Message);
        Assert.Equal("file is truncated (block 1)", KdbxFiles.ReadFails(file[..(file.Length - 36)]).Message);
        Assert.All(new[] { 40, headerEnd, file.Length - 1 }, cut => Assert.Equal(KdbxError.Corrupted, KdbxFiles.ReadFails(file[..cut]).Error));
    }

    [Fact]
    public void Read_MoreAesKdfRoundsThanAllowed_RefusedBeforeDeriving()
    {
        var error = KdbxFiles.ReadFails(Good.Value, limits: new KdbxReadLimits { MaxAesKdfRounds = 999 });
        Assert.Equal(KdbxError.LimitExceeded, error.Error);
        Assert.Equal("the file asks for 1000 AES-KDF rounds; at most 999 are accepted", error.Message);
    }

    [Fact]
    public void Read_DefaultLimits_RefuseBillionsOfRounds() =>
        Assert.True(KdbxReadLimits.Default.MaxAesKdfRounds < 1_000_000_000);

    [SkippableFact]
    public void Read_MoreArgon2MemoryOrWorkThanAllowed_Refused()
    {
        Skip.IfNot(Argon2Native.IsAvailable, "libargon2.so.1 is not installed (apt-get install libargon2-1)");
        var file = KdbxFiles.Write(new KdbxWriteOptions { Kdf = KdbxKdf.Argon2id, Argon2Iterations = 4, Argon2MemoryBytes = 2 << 20 });
        var memory = KdbxFiles.ReadFails(file, limits: new KdbxReadLimits { MaxArgon2MemoryBytes = 1 << 20 });
        Assert.Equal(KdbxError.LimitExceeded, memory.Error);
        Assert.Contains("2 MiB of Argon2 memory", memory.Message, StringComparison.Ordinal);
        var work = KdbxFiles.ReadFails(file, limits: new KdbxReadLimits { MaxArgon2WorkBytes = 4 << 20 });
        Assert.Equal(KdbxError.LimitExceeded, work.Error);
    }

    [Fact]
    public void Read_FileLargerThanAllowed_Refused() =>
        Assert.Equal(KdbxError.LimitExceeded, KdbxFiles.ReadFails(Good.Value, limits: new KdbxReadLimits { MaxFileBytes = 1024 }).Error);

    [Fact]
    public void Read_PayloadInflatesBeyondLimit_Refused()
    {
        using var db = KdbxSamples.Branch();
        db.Root.Notes = new string('a', 4 << 20);
        using var credentials = KdbxCredentials.FromPassword(KdbxSamples.Password);
        var file = new MemoryStream();
        KdbxWriter.Write(file, db, credentials, Fast);
        Assert.True(file.Length < 64 * 1024);
        var error = KdbxFiles.ReadFails(file.ToArray(), limits: new KdbxReadLimits { MaxPayloadBytes = 1 << 20 });
        Assert.Equal(KdbxError.LimitExceeded, error.Error);
        Assert.Equal("the decompressed database is larger than the 1 MiB accepted", error.Message);
    }

    [Fact]
    public void Read_Cancelled_StopsDuringKeyDerivation()
    {
        var file = KdbxFiles.Write(new KdbxWriteOptions { AesKdfRounds = 100_000 });
        using var credentials = KdbxCredentials.FromPassword(KdbxSamples.Password);
        Assert.Throws<OperationCanceledException>(() =>
            KdbxReader.Read(new MemoryStream(file), credentials, cancellationToken: new CancellationToken(canceled: true)));
    }

    private static int HeaderLength(byte[] file)
    {
        var offset = 12;
        while (true)
        {
            var id = file[offset];
            offset += 5 + BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(offset + 1));
            if (id == 0)
            {
                return offset;
            }
        }
    }
}
