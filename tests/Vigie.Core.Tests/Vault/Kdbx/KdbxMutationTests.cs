using System.Text;
using Vigie.Core.Vault.Kdbx;

namespace Vigie.Core.Tests.Vault.Kdbx;

/// <summary>Damaged input of every kind ends in a <see cref="KdbxFormatException"/>, never another exception.</summary>
public class KdbxMutationTests
{
    private static readonly KdbxReadLimits Small = new() { MaxAesKdfRounds = 10_000, MaxArgon2MemoryBytes = 1 << 20, MaxArgon2WorkBytes = 4 << 20 };

    [Fact]
    public void Read_RandomlyDamagedFile_AlwaysKdbxFormatException()
    {
        var good = KdbxFiles.Write(new KdbxWriteOptions { AesKdfRounds = 1000 });
        var random = new Random(20240501);
        using var credentials = KdbxCredentials.FromPassword(KdbxSamples.Password);
        for (var i = 0; i < 1500; i++)
        {
            var file = (byte[])good.Clone();
            var region = i % 3 == 0 ? file.Length : 300;
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                file[random.Next(region)] ^= (byte)random.Next(1, 256);
            }
            if (i % 5 == 0)
            {
                file = file[..random.Next(file.Length)];
            }
            Assert.Throws<KdbxFormatException>(() => KdbxReader.Read(new MemoryStream(file), credentials, Small));
        }
    }

    [Fact]
    public void ReadXml_RandomlyDamagedDocument_ReadsOrKdbxFormatException()
    {
        var xml = Xml();
        var random = new Random(20250203);
        const string alphabet = "<>/=\"&;# aZ9\u00e9\u20ac\0";
        for (var i = 0; i < 1500; i++)
        {
            var text = new StringBuilder(xml);
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0:
                        text.Remove(at, Math.Min(random.Next(1, 20), text.Length - at));
                        break;
                    case 1:
                        text.Insert(at, alphabet[random.Next(alphabet.Length)]);
                        break;
                    default:
                        text[at] = alphabet[random.Next(alphabet.Length)];
                        break;
                }
            }
            try
            {
                KdbxXmlReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), null, KdbxReadLimits.Default).Database.Dispose();
            }
            catch (KdbxFormatException)
            {
            }
        }
    }

    private static string Xml()
    {
        using var db = KdbxSamples.Branch();
        var output = new MemoryStream();
        using var inner = new ChaCha20(new byte[32], new byte[12], 0);
        KdbxXmlWriter.Write(output, db, inner, "test");
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
