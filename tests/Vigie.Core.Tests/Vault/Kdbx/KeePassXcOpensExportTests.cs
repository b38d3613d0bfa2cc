using Vigie.Core.Crypto;
using Vigie.Core.Vault.Kdbx;
using Vigie.Testing;

namespace Vigie.Core.Tests.Vault.Kdbx;

/// <summary>Files written by <see cref="KdbxWriter"/>, opened by Debian's keepassxc-cli 2.7.4.</summary>
public sealed class KeePassXcOpensExportTests : IDisposable
{
    private readonly KeePassXcCli _cli = new();

    public static TheoryData<string> Variants => ["aes-kdf", "aes-kdf-chacha20-kdbx41", "argon2id", "argon2d-chacha20"];

    [SkippableTheory]
    [MemberData(nameof(Variants))]
    public async Task Export_OpensWithPassword_EntriesProtectedFieldsAndHistoryVisible(string variant)
    {
        KeePassXcCli.Require();
        var (options, kdfLine) = variant switch
        {
            "aes-kdf" => (new KdbxWriteOptions { AesKdfRounds = 100_000 }, "KDF: AES (100000 rounds)"),
            "aes-kdf-chacha20-kdbx41" => (new KdbxWriteOptions { AesKdfRounds = 100_000, Cipher = KdbxCipher.ChaCha20, MinorVersion = 1 }, "KDF: AES (100000 rounds)"),
            "argon2id" => (new KdbxWriteOptions { Kdf = KdbxKdf.Argon2id, Argon2Iterations = 2, Argon2MemoryBytes = 8 << 20 }, "KDF: Argon2id (2 rounds, 8192 KB)"),
            _ => (new KdbxWriteOptions { Kdf = KdbxKdf.Argon2d, Argon2Iterations = 2, Argon2MemoryBytes = 8 << 20, Cipher = KdbxCipher.ChaCha20 }, "KDF: Argon2d (2 rounds, 8192 KB)"),
        };
        if (options.Kdf != KdbxKdf.AesKdf)
        {
            Skip.IfNot(Argon2Native.IsAvailable, "libargon2.so.1 is not installed (apt-get install libargon2-1)");
        }
        var file = WriteExport(options);

        var info = await Cli("db-info", file);
        Assert.Contains(kdfLine, info.Output, StringComparison.Ordinal);
        Assert.Contains(options.Cipher == KdbxCipher.ChaCha20 ? "Cipher: ChaCha20 256-bit" : "Cipher: AES 256-bit", info.Output, StringComparison.Ordinal);
        Assert.Contains("Name: Vigie export", info.Output, StringComparison.Ordinal);

        var list = await Cli("ls", "-R", "-f", file);
        Assert.Equal(["Router", "Servers/", "Servers/db01", "Servers/Linux/", "Servers/Linux/[empty]"], Lines(list.Output));

        var router = await Cli("show", "-s", "-a", "Password", "-a", "PIN", "-a", "Serial", "-a", "UserName", "-a", "URL", file, "Router");
        Assert.Equal(["S3cret!é€ <&>", "1234", "SN-42", "admin", "https://192.0.2.1/"], Lines(router.Output));
        var db01 = await Cli("show", "-s", "-a", "Password", file, "Servers/db01");
        Assert.Equal(["pw-db01"], Lines(db01.Output));

        // Without -s the protected fields stay masked: KeePassXC read them as protected.
        var masked = await Cli("show", "--all", file, "Router");
        Assert.Contains("PIN: PROTECTED", masked.Output, StringComparison.Ordinal);
        Assert.Contains("Password: PROTECTED", masked.Output, StringComparison.Ordinal);
        Assert.Contains("Serial: SN-42", masked.Output, StringComparison.Ordinal);

        // show has no history view in 2.7.4; the XML export lists every earlier state in clear.
        var xml = await Cli("export", "-f", "xml", file);
        var history = xml.Output[xml.Output.IndexOf("<History>", StringComparison.Ordinal)..];
        Assert.Contains(">old-password-1</Value>", history, StringComparison.Ordinal);
        Assert.Contains(">old-password-2</Value>", history, StringComparison.Ordinal);
        Assert.Contains(">0000</Value>", history, StringComparison.Ordinal);
        Assert.Contains(">pw-db01-before</Value>", history, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Export_DefaultOptions_TenMillionAesKdfRoundsOpens()
    {
        KeePassXcCli.Require();
        Assert.Equal(10_000_000ul, new KdbxWriteOptions().AesKdfRounds);
        var file = WriteExport(new KdbxWriteOptions());
        var info = await Cli("db-info", file);
        Assert.Contains("KDF: AES (10000000 rounds)", info.Output, StringComparison.Ordinal);
        var show = await Cli("show", "-s", "-a", "Password", file, "Router");
        Assert.Equal(["S3cret!é€ <&>"], Lines(show.Output));
    }

    [SkippableFact]
    public async Task Export_WrongPassword_Refused()
    {
        KeePassXcCli.Require();
        var file = WriteExport(new KdbxWriteOptions { AesKdfRounds = 100_000 });
        var run = await _cli.RunAsync(["not-the-password"], "ls", file);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("HMAC mismatch", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    public void Dispose() => _cli.Dispose();

    private string WriteExport(KdbxWriteOptions options)
    {
        var path = _cli.PathOf($"export-{Guid.NewGuid():N}.kdbx");
        File.WriteAllBytes(path, KdbxFiles.Write(options));
        return path;
    }

    private async Task<KeePassXcRun> Cli(params string[] arguments)
    {
        var run = await _cli.RunAsync([KdbxSamples.Password], [arguments[0], "-q", .. arguments[1..]]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run;
    }

    private static string[] Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}
