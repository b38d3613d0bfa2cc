using System.Text;
using System.Text.Json;
using Vigie.Testing;

namespace Vigie.Server.Tests;

/// <summary>KeePass databases written by Debian's keepassxc-cli, imported through the API.</summary>
public sealed class VaultImportKdbxTests : IDisposable
{
    private readonly KeePassXcCli _cli = new();
    private readonly string _master = CapturedLogs.Secret("kdbx password", $"Master-é!{Guid.NewGuid():N}"[..24]);
    private readonly string[] _web = Enumerable.Range(1, 4).Select(i => CapturedLogs.Secret("kdbx entry", $"web01-pw{i}-{Guid.NewGuid():N}")).ToArray();
    private readonly string _mail = CapturedLogs.Secret("kdbx entry", $"mail,pw\"ü€-{Guid.NewGuid():N}");
    private readonly string _vpn = CapturedLogs.Secret("kdbx entry", $"vpn-second-{Guid.NewGuid():N}");

    // db-create makes an AES-KDF database, which KeePassXC 2.7 saves as KDBX 3.1 until something needs KDBX 4: custom
    // data (from an imported XML document) or an entry moved to the recycle bin (its previous group), which make 4.1.
    // Either way: groups, entries added with passwords on stdin, edits that make history.
    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite, false)]
    [InlineData(TestDatabase.Sqlite, true)]
    [InlineData(TestDatabase.Postgres, false)]
    [InlineData(TestDatabase.Postgres, true)]
    public async Task KeePassXcCliDatabase_DryRunThenImport_FoldersEntriesPasswordsHistory(TestDatabase db, bool kdbx4)
    {
        KeePassXcCli.Require();
        var file = await WriteDatabaseAsync(kdbx4);
        var (server, admin) = await VaultImportKit.StartAsync(db, historyVersions: 3);
        await using var _ = server;
        var clients = await VaultImportKit.FolderAsync(admin, "Clients");
        var acme = await VaultImportKit.FolderAsync(admin, "Acme", clients);
        // Already there, in other case: the file's "Servers" group goes into it.
        var servers = await VaultImportKit.FolderAsync(admin, "servers", acme);
        var before = await VaultImportKit.CountsAsync(server);

        var dry = (await VaultImportKit.ImportAsync(admin, acme, "kdbx", file, _master, dryRun: true)).EnsureStatus(200).Json;
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.Equal("kdbx", dry.GetProperty("format").GetString());
        Assert.Equal(["Servers/Linux", "Empty"], dry.GetProperty("newFolders").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(kdbx4 ? 3 : 2, dry.GetProperty("entries").GetInt32());
        // web01: four states, the newest three kept; mail: one; VPN: two.
        Assert.Equal(kdbx4 ? 6 : 4, dry.GetProperty("versions").GetInt32());
        Assert.Equal(1, dry.GetProperty("historyTrimmed").GetInt32());
        Assert.Equal(0, dry.GetProperty("skippedCount").GetInt32());
        // A file attached in KeePass is not imported, but the report names it (nothing is lost unnoticed).
        var notImported = dry.GetProperty("notImported").EnumerateArray()
            .Select(l => (l.GetProperty("folder").GetString(), l.GetProperty("title").GetString(), l.GetProperty("what").GetString(),
                string.Join(',', l.GetProperty("names").EnumerateArray().Select(n => n.GetString())))).ToList();
        Assert.Equal(kdbx4 ? [("", "VPN", "attachments", "id_ed25519")] : [], notImported);
        Assert.Equal(kdbx4 ? 1 : 0, dry.GetProperty("notImportedCount").GetInt32());
        Assert.Equal(before, await VaultImportKit.CountsAsync(server));

        // Refusals write nothing and never echo the password.
        var wrong = (await VaultImportKit.ImportAsync(admin, acme, "kdbx", file, "not-" + _master)).EnsureProblem(400, "wrong_password");
        Assert.DoesNotContain(_master, wrong.Body);
        (await VaultImportKit.ImportAsync(admin, acme, "kdbx", file[..(file.Length / 2)], _master)).EnsureProblem(400, "bad_file");
        (await VaultImportKit.ImportAsync(admin, acme, "kdbx", Encoding.UTF8.GetBytes("title,password\nnot,keepass\n"), _master)).EnsureProblem(400, "bad_file");
        (await VaultImportKit.ImportAsync(admin, acme, "kdbx", file)).EnsureProblem(400, "validation_failed");
        Assert.Equal(before, await VaultImportKit.CountsAsync(server));

        var report = (await VaultImportKit.ImportAsync(admin, acme, "kdbx", file, _master)).EnsureStatus(200).Json;
        Assert.False(report.GetProperty("dryRun").GetBoolean());
        Assert.Equal(Without(dry, "dryRun"), Without(report, "dryRun"));
        var after = await VaultImportKit.CountsAsync(server);
        Assert.Equal((before.Folders + 2, before.Entries + (kdbx4 ? 3 : 2), before.Versions + (kdbx4 ? 6 : 4), before.Audited + 1), after);

        var folders = (await admin.GetAsync("api/v1/vault/folders")).EnsureStatus(200).Json.EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => (Id: f.GetProperty("id").GetGuid(), Parent: f.GetProperty("parentId").ValueKind == JsonValueKind.Null ? Guid.Empty : f.GetProperty("parentId").GetGuid()));
        Assert.Equal(servers, folders["Linux"].Parent);
        Assert.Equal(acme, folders["Empty"].Parent);
        Assert.DoesNotContain("Recycle Bin", folders.Keys);

        var web = Assert.Single(await VaultImportKit.EntriesAsync(admin, folders["Linux"].Id));
        Assert.Equal("web01", web.Key);
        var current = await VaultImportKit.RevealAsync(admin, web.Value);
        Assert.Equal((_web[3], "root", 3), (current.GetProperty("password").GetString(), current.GetProperty("username").GetString(), current.GetProperty("version").GetInt32()));
        Assert.Equal("https://web01.example", current.GetProperty("secret").GetProperty("url").GetString());
        Assert.Equal("front end", current.GetProperty("notes").GetString());
        Assert.Equal([3, 2, 1], (await admin.GetAsync($"api/v1/vault/secrets/{web.Value}/versions")).EnsureStatus(200).Json.EnumerateArray()
            .Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(_web[1], (await VaultImportKit.RevealAsync(admin, web.Value, 1)).GetProperty("password").GetString());
        Assert.Equal(_web[2], (await VaultImportKit.RevealAsync(admin, web.Value, 2)).GetProperty("password").GetString());

        var top = await VaultImportKit.EntriesAsync(admin, acme);
        Assert.Equal(kdbx4 ? ["VPN", "mail"] : ["mail"], top.Keys.Order(StringComparer.Ordinal));
        var mail = await VaultImportKit.RevealAsync(admin, top["mail"]);
        Assert.Equal((_mail, "alice"), (mail.GetProperty("password").GetString(), mail.GetProperty("username").GetString()));
        Assert.Equal(1, mail.GetProperty("version").GetInt32());
        if (kdbx4)
        {
            var vpn = await VaultImportKit.RevealAsync(admin, top["VPN"]);
            Assert.Equal(_vpn, vpn.GetProperty("password").GetString());
            Assert.Equal(["it", "remote"], vpn.GetProperty("secret").GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Order(StringComparer.Ordinal));
            Assert.Equal([("PIN", "9876", true), ("Room", "B12", false)], vpn.GetProperty("fields").EnumerateArray()
                .Select(f => (f.GetProperty("name").GetString(), f.GetProperty("value").GetString(), f.GetProperty("secret").GetBoolean())));
            Assert.Equal("vpn-first", (await VaultImportKit.RevealAsync(admin, top["VPN"], 1)).GetProperty("password").GetString());
        }

        var audit = (await admin.GetAsync("api/v1/audit/events?action=vault.imported")).EnsureStatus(200).Json.GetProperty("items");
        var row = Assert.Single(audit.EnumerateArray());
        Assert.Equal($"vault-folder:{acme}", row.GetProperty("target").GetString());
        var details = row.GetProperty("details");
        details = details.ValueKind == JsonValueKind.String ? JsonDocument.Parse(details.GetString()!).RootElement : details;
        Assert.Equal((kdbx4 ? 3 : 2, kdbx4 ? 6 : 4, 2), (details.GetProperty("entries").GetInt32(), details.GetProperty("versions").GetInt32(),
            details.GetProperty("folders").GetInt32()));

        // The same file again: its folders are found, every entry is already there.
        var again = (await VaultImportKit.ImportAsync(admin, acme, "kdbx", file, _master)).EnsureStatus(200).Json;
        Assert.Equal((0, 0, kdbx4 ? 3 : 2), (again.GetProperty("foldersCreated").GetInt32(), again.GetProperty("entries").GetInt32(),
            again.GetProperty("skippedCount").GetInt32()));
        Assert.All(again.GetProperty("skipped").EnumerateArray(), s => Assert.Equal("duplicate", s.GetProperty("code").GetString()));
        Assert.Equal(0, again.GetProperty("notImportedCount").GetInt32());  // skipped entries lose nothing more
        Assert.Equal(after with { Audited = after.Audited + 1 }, await VaultImportKit.CountsAsync(server));

        var everything = (await admin.GetAsync("api/v1/audit/events?limit=500")).Body;
        Assert.All(_web.Append(_mail).Append(_master), p => Assert.DoesNotContain(p, everything));
        VaultImportKit.AssertNotLogged([.. _web, _mail, _vpn, _master, Convert.ToBase64String(Encoding.UTF8.GetBytes(_master))]);
    }

    private async Task<byte[]> WriteDatabaseAsync(bool kdbx4)
    {
        var file = _cli.PathOf("company.kdbx");
        if (kdbx4)
        {
            var xml = _cli.PathOf("legacy.xml");
            await File.WriteAllTextAsync(xml, """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <KeePassFile>
                  <Meta><Generator>KeePass</Generator><DatabaseName>Company</DatabaseName>
                    <Binaries><Binary ID="0" Compressed="False">bm90IGEgcmVhbCBrZXkK</Binary></Binaries></Meta>
                  <Root>
                    <Group>
                      <UUID>AAECAwQFBgcICQoLDA0ODw==</UUID><Name>Company</Name>
                      <Entry>
                        <UUID>EBESExQVFhcYGRobHB0eHw==</UUID>
                        <String><Key>Title</Key><Value>VPN</Value></String>
                        <String><Key>UserName</Key><Value>alice</Value></String>
                        <String><Key>Password</Key><Value ProtectInMemory="True">vpn-first</Value></String>
                        <String><Key>PIN</Key><Value ProtectInMemory="True">9876</Value></String>
                        <String><Key>Room</Key><Value>B12</Value></String>
                        <Tags>remote;it</Tags>
                        <Binary><Key>id_ed25519</Key><Value Ref="0"/></Binary>
                        <CustomData><Item><Key>origin</Key><Value>keepass</Value></Item></CustomData>
                      </Entry>
                    </Group>
                  </Root>
                </KeePassFile>
                """);
            await Cli([_master, _master], "import", "-p", "-t", "100", xml, file);
            await Cli([_master, _vpn], "edit", "-p", file, "VPN");
        }
        else
        {
            await Cli([_master, _master], "db-create", "-p", "-t", "100", file);
        }
        await Cli([_master], "mkdir", file, "Servers");
        await Cli([_master], "mkdir", file, "Servers/Linux");
        await Cli([_master], "mkdir", file, "Empty");
        await Cli([_master, _web[0]], "add", "-u", "root", "--url", "https://web01.example", "--notes", "front end", "-p", file, "Servers/Linux/web01");
        foreach (var next in _web.Skip(1))
        {
            await Cli([_master, next], "edit", "-p", file, "Servers/Linux/web01");
        }
        await Cli([_master, _mail], "add", "-u", "alice", "-p", file, "mail");
        if (kdbx4)
        {
            await Cli([_master, "deleted-pw"], "add", "-p", file, "gone");
            await Cli([_master], "rm", file, "gone");
        }
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.Equal(kdbx4 ? "01000400" : "01000300", Convert.ToHexStringLower(bytes.AsSpan(8, 4)));
        return bytes;
    }

    private static string Without(JsonElement report, string property) =>
        JsonSerializer.Serialize(report.EnumerateObject().Where(p => p.Name != property).ToDictionary(p => p.Name, p => p.Value));

    private async Task Cli(string[] stdin, params string[] arguments)
    {
        var run = await _cli.RunAsync(stdin, arguments);
        Assert.True(run.ExitCode == 0, $"keepassxc-cli {arguments[0]}: {run}");
    }

    public void Dispose() => _cli.Dispose();
}
