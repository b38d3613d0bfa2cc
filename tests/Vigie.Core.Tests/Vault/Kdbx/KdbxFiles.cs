using Vigie.Core.Vault.Kdbx;

namespace Vigie.Core.Tests.Vault.Kdbx;

internal static class KdbxFiles
{
    public static byte[] Write(KdbxWriteOptions options, string password = KdbxSamples.Password)
    {
        using var db = KdbxSamples.Branch();
        using var credentials = KdbxCredentials.FromPassword(password);
        var file = new MemoryStream();
        KdbxWriter.Write(file, db, credentials, options);
        return file.ToArray();
    }

    public static KdbxFormatException ReadFails(byte[] file, string password = KdbxSamples.Password, KdbxReadLimits? limits = null)
    {
        using var credentials = KdbxCredentials.FromPassword(password);
        return Assert.Throws<KdbxFormatException>(() => KdbxReader.Read(new MemoryStream(file), credentials, limits));
    }
}
