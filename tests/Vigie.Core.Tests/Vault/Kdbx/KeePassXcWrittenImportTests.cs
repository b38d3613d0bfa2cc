using Vigie.Core.Crypto;
using Vigie.Core.Vault.Kdbx;
using Vigie.Testing;

namespace Vigie.Core.Tests.Vault.Kdbx;

/// <summary>Databases written by Debian's keepassxc-cli 2.7.4, read by <see cref="KdbxReader"/>.</summary>
public sealed class KeePassXcWrittenImportTests : IDisposable
{
    private const string Password = "Kee-Pass-XC-pw";
    private readonly KeePassXcCli _cli = new();

    // keepassxc-cli db-create keeps AES-KDF, and KeePassXC saves an AES-KDF database without KDBX 4 features as 3.1.
    [SkippableFact]
    public async Task DbCreateMkdirAddEdit_Kdbx31_ReadWithGroupsPasswordsAndHistory()
    {
        KeePassXcCli.Require();
        var file = _cli.PathOf("created.kdbx");
        await Cli([Password, Password], "db-create", "-p", "-t", "100", file);
        await Cli([Password], "mkdir", file, "Servers");
        await Cli([Password, "first-web-pw"], "add", "-u", "www-data", "--url", "https://web.example", "--notes", "front end", "-p", file, "Servers/web");
        await Cli([Password, "second-web-pw"], "edit", "-p", file, "Servers/web");
        await Cli([Password, "mail-pw-ü€"], "add", "-u", "alice", "-p", file, "mail");
        Assert.Equal("0100", Convert.ToHexStringLower(File.ReadAllBytes(file).AsSpan(8, 2)));
        Assert.Equal("0300", Convert.ToHexStringLower(File.ReadAllBytes(file).AsSpan(10, 2)));

        using var db = Read(file);
        var mail = Assert.Single(db.Root.Entries);
        Assert.Equal(("mail", "alice", "mail-pw-ü€"), (mail.Title, mail.UserName, mail.Password.Reveal()));
        Assert.Equal("Passwords", db.Root.Name);
        var servers = Assert.Single(db.Root.Groups);
        Assert.Equal("Servers", servers.Name);
        var web = Assert.Single(servers.Entries);
        Assert.Equal(("web", "www-data", "https://web.example", "front end"), (web.Title, web.UserName, web.Url, web.Notes));
        Assert.Equal("second-web-pw", web.Password.Reveal());
        var before = Assert.Single(web.History);
        Assert.Equal("first-web-pw", before.Password.Reveal());
        Assert.Equal(web.Uuid, before.Uuid);
        Assert.NotEqual(default, web.Modified);
    }

    [SkippableFact]
    public async Task DeletedEntry_InRecycleBin_LeftOut()
    {
        KeePassXcCli.Require();
        var file = _cli.PathOf("created.kdbx");
        await Cli([Password, Password], "db-create", "-p", "-t", "100", file);
        await Cli([Password, "kept-pw"], "add", "-p", file, "kept");
        await Cli([Password, "deleted-pw"], "add", "-p", file, "obsolete");
        await Cli([Password], "rm", file, "obsolete");
        var list = await _cli.RunAsync([Password], "ls", "-q", "-R", "-f", file);
        Assert.Contains("Recycle Bin/obsolete", list.Output, StringComparison.Ordinal);

        using var db = Read(file);
        Assert.Equal("kept", Assert.Single(db.Root.Entries).Title);
        Assert.Empty(db.Root.Groups);
    }

    // An entry with custom data makes KeePassXC write KDBX 4 even with AES-KDF: that is how the CLI alone makes one.
    [SkippableFact]
    public async Task ImportXmlThenEdit_Kdbx4_ReadWithProtectedCustomFieldAndHistory()
    {
        KeePassXcCli.Require();
        var xml = _cli.PathOf("legacy.xml");
        File.WriteAllText(xml, """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <KeePassFile>
              <Meta><Generator>KeePass</Generator><DatabaseName>Legacy</DatabaseName></Meta>
              <Root>
                <Group>
                  <UUID>AAECAwQFBgcICQoLDA0ODw==</UUID><Name>Legacy</Name>
                  <Entry>
                    <UUID>EBESExQVFhcYGRobHB0eHw==</UUID>
                    <String><Key>Title</Key><Value>mail</Value></String>
                    <String><Key>UserName</Key><Value>alice</Value></String>
                    <String><Key>Password</Key><Value ProtectInMemory="True">mail-pw</Value></String>
                    <String><Key>PIN</Key><Value ProtectInMemory="True">9876</Value></String>
                    <String><Key>Room</Key><Value>B12</Value></String>
                    <CustomData><Item><Key>origin</Key><Value>keepass</Value></Item></CustomData>
                  </Entry>
                </Group>
              </Root>
            </KeePassFile>
            """);
        var file = _cli.PathOf("imported.kdbx");
        await Cli([Password, Password], "import", "-p", "-t", "100", xml, file);
        await Cli([Password, "mail-pw-2"], "edit", "-p", file, "mail");
        Assert.Equal("00000400", Convert.ToHexStringLower(File.ReadAllBytes(file).AsSpan(8, 4)));

        using var db = Read(file);
        Assert.Equal("Legacy", db.Name);
        Assert.Equal(Guid.Parse("00010203-0405-0607-0809-0a0b0c0d0e0f"), db.Root.Uuid);
        var mail = Assert.Single(db.Root.Entries);
        Assert.Equal(Guid.Parse("10111213-1415-1617-1819-1a1b1c1d1e1f"), mail.Uuid);
        Assert.Equal("mail-pw-2", mail.Password.Reveal());
        Assert.Equal([("PIN", "9876", true), ("Room", "B12", false)], mail.Fields.Select(f => (f.Name, f.Value.Reveal(), f.IsProtected)));
        Assert.Equal("mail-pw", Assert.Single(mail.History).Password.Reveal());
    }

    // KeePassXC re-saves the writer's Argon2 files as KDBX 4 in its own way: entries added, history grown.
    [SkippableTheory]
    [InlineData(KdbxKdf.Argon2id, KdbxCipher.Aes256Cbc)]
    [InlineData(KdbxKdf.Argon2d, KdbxCipher.ChaCha20)]
    public async Task ExportEditedByKeePassXc_Argon2_ReadBack(KdbxKdf kdf, KdbxCipher cipher)
    {
        KeePassXcCli.Require();
        Skip.IfNot(Argon2Native.IsAvailable, "libargon2.so.1 is not installed (apt-get install libargon2-1)");
        var file = _cli.PathOf("export.kdbx");
        File.WriteAllBytes(file, KdbxFiles.Write(
            new KdbxWriteOptions { Kdf = kdf, Cipher = cipher, Argon2Iterations = 2, Argon2MemoryBytes = 8 << 20 }, Password));
        await Cli([Password, "new-router-pw"], "edit", "-p", file, "Router");
        await Cli([Password, "added-on-site"], "add", "-u", "tech", "-p", file, "Servers/Linux/web02");

        using var db = Read(file);
        var router = db.Root.Entries.Single(e => e.Title == "Router");
        Assert.Equal("new-router-pw", router.Password.Reveal());
        Assert.Equal(["old-password-1", "old-password-2", "S3cret!é€ <&>"], router.History.Select(h => h.Password.Reveal()));
        Assert.Equal("1234", router.Fields.Single(f => f.Name == "PIN").Value.Reveal());
        var web02 = Assert.Single(db.Root.Groups.Single().Groups.Single().Entries);
        Assert.Equal(("web02", "tech", "added-on-site"), (web02.Title, web02.UserName, web02.Password.Reveal()));
    }

    [SkippableFact]
    public async Task KeePassXcFile_WrongPassword_ClearError()
    {
        KeePassXcCli.Require();
        var file = _cli.PathOf("created.kdbx");
        await Cli([Password, Password], "db-create", "-p", "-t", "100", file);
        var error = KdbxFiles.ReadFails(File.ReadAllBytes(file), "not-" + Password);
        Assert.Equal(KdbxError.WrongCredentials, error.Error);
        Assert.Equal("wrong password or corrupted file", error.Message);
    }

    // KDBX 3.1 has no HMAC: damage shows through the padding, the start bytes, the block hashes or Meta's header hash.
    [SkippableFact]
    public async Task Kdbx31_RandomlyDamaged_AlwaysKdbxFormatException()
    {
        KeePassXcCli.Require();
        var file = _cli.PathOf("created.kdbx");
        await Cli([Password, Password], "db-create", "-p", "-t", "100", file);
        await Cli([Password, "first-pw"], "add", "-p", file, "one");
        var good = File.ReadAllBytes(file);
        var random = new Random(31);
        using var credentials = KdbxCredentials.FromPassword(Password);
        for (var i = 0; i < 12; i++)
        {
            var damaged = (byte[])good.Clone();
            damaged[random.Next(i % 2 == 0 ? 250 : damaged.Length)] ^= (byte)random.Next(1, 256);
            Assert.Throws<KdbxFormatException>(() => KdbxReader.Read(new MemoryStream(damaged), credentials));
        }
    }

    public void Dispose() => _cli.Dispose();

    private static KdbxDatabase Read(string file)
    {
        using var credentials = KdbxCredentials.FromPassword(Password);
        using var input = File.OpenRead(file);
        return KdbxReader.Read(input, credentials);
    }

    private async Task Cli(string[] stdin, params string[] arguments)
    {
        var run = await _cli.RunAsync(stdin, [arguments[0], "-q", .. arguments[1..]]);
        Assert.True(run.ExitCode == 0, run.ToString());
    }
}
