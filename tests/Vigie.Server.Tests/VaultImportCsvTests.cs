using System.Text;
using System.Text.Json;
using Vigie.Core.Identity;
using Vigie.Testing;

namespace Vigie.Server.Tests;

/// <summary>Bitwarden and KeePassXC CSV exports imported through the API; broken files refused whole; rights.</summary>
public sealed class VaultImportCsvTests : IDisposable
{
    private readonly KeePassXcCli _cli = new();
    private readonly string _db01 = CapturedLogs.Secret("csv password", $"p,w\"1-{Guid.NewGuid():N}");
    private readonly string _router = CapturedLogs.Secret("csv password", $"r,o\"uter-{Guid.NewGuid():N}");
    private readonly string _switch = CapturedLogs.Secret("csv password", $"sw-{Guid.NewGuid():N}");

    // CRLF between records, LF inside quoted fields, a byte-order mark: as Windows tools write them.
    private string Bitwarden => "\uFEFF" + $"""
        folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp
        Work/Servers,1,login,db01,"Primary, with replica
        on db02","PIN: 1234
        Room: B12",0,"https://db01.example,https://db01-admin.example",dba,"{_db01.Replace("\"", "\"\"", StringComparison.Ordinal)}",otpauth://totp/db01?secret=JBSWY3DPEHPK3PXP
        ,,note,Wifi code,Guest: tea4two,,0,,,,
        Work,,card,Visa,,,0,,,,
        Work,,login,,,,0,https://nameless.example,someone,nameless-pw,
        ,,login,mail,,,0,,alice,mail-pw-1,

        """.Replace("\n,,note", "\r\n,,note", StringComparison.Ordinal).Replace("\nWork,", "\r\nWork,", StringComparison.Ordinal);

    private string KeePassXc => $"""
        "Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"
        "Root","router","admin","{_router.Replace("\"", "\"\"", StringComparison.Ordinal)}","https://192.0.2.1","line one
        line two","","0","2024-01-02T03:04:05Z","2023-01-02T03:04:05Z"
        "Root/Network/Switches","sw1","netadmin","{_switch}","","","otpauth://totp/sw1?secret=JBSWY3DPEHPK3PXP","0","2024-01-02T03:04:05Z","2023-01-02T03:04:05Z"
        "Root/Recycle Bin","old","","old-pw","","","","0","2024-01-02T03:04:05Z","2023-01-02T03:04:05Z"
        """;

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task BitwardenAndKeePassXcExports_Imported_BrokenOrUnknownFilesRefusedWhole(TestDatabase db)
    {
        var (server, admin) = await VaultImportKit.StartAsync(db);
        await using var _ = server;
        var space = await VaultImportKit.FolderAsync(admin, "Clients");
        var acme = await VaultImportKit.FolderAsync(admin, "Acme", space);
        var before = await VaultImportKit.CountsAsync(server);

        var unknown = (await VaultImportKit.ImportAsync(admin, acme, "csv", Encoding.UTF8.GetBytes("url,username,password,totp,extra,name,grouping,fav\n")))
            .EnsureProblem(400, "unknown_csv_format");
        Assert.Contains("folder,favorite,type,name", unknown.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"Group\",\"Title\"", unknown.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var lines = KeePassXc.Split('\n');
        var shortRow = string.Join('\n', lines[..3]) + "\n\"Root\",\"three\",\"fields\"\n" + lines[3];
        Assert.Contains("Line 4:", (await VaultImportKit.ImportAsync(admin, acme, "csv", Encoding.UTF8.GetBytes(shortRow))).EnsureProblem(400, "bad_file")
            .Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var unclosed = string.Join('\n', lines[..3]) + "\n\"Root\",\"never closed";
        Assert.Contains("Line 4:", (await VaultImportKit.ImportAsync(admin, acme, "csv", Encoding.UTF8.GetBytes(unclosed))).EnsureProblem(400, "bad_file")
            .Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (await VaultImportKit.ImportAsync(admin, acme, "csv", [0xFF, 0xFE, 0x00, 0x41])).EnsureProblem(400, "bad_file");
        (await VaultImportKit.ImportAsync(admin, acme, "csv", [])).EnsureProblem(400, "bad_file");
        (await VaultImportKit.ImportAsync(admin, acme, "xlsx", Encoding.UTF8.GetBytes(KeePassXc))).EnsureProblem(400, "validation_failed");
        Assert.Equal(before, await VaultImportKit.CountsAsync(server));

        // Past the server's usual 10 MiB body limit: read whole; a 12 MiB note is more than an entry holds, so it is reported.
        var huge = (await VaultImportKit.ImportAsync(admin, acme, "csv", Encoding.UTF8.GetBytes(
            $"{KeePassXc.Split('\n')[0]}\n\"Root\",\"big\",\"\",\"\",\"\",\"{new string('n', 12 << 20)}\",\"\",\"0\",\"\",\"\"\n"), dryRun: true))
            .EnsureStatus(200).Json;
        Assert.Equal(("invalid", "notes must be at most 10000 characters"), (huge.GetProperty("skipped")[0].GetProperty("code").GetString(),
            huge.GetProperty("skipped")[0].GetProperty("reason").GetString()));

        var bitwarden = (await VaultImportKit.ImportAsync(admin, acme, "csv", Encoding.UTF8.GetBytes(Bitwarden))).EnsureStatus(200).Json;
        Assert.Equal(("bitwarden-csv", 3, 3), (bitwarden.GetProperty("format").GetString(), bitwarden.GetProperty("entries").GetInt32(),
            bitwarden.GetProperty("versions").GetInt32()));
        Assert.Equal(["Work", "Work/Servers"], bitwarden.GetProperty("newFolders").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal([("unsupported_type", 6, "Visa"), ("no_title", 7, null)], bitwarden.GetProperty("skipped").EnumerateArray()
            .Select(s => (s.GetProperty("code").GetString(), s.GetProperty("line").GetInt32(), s.GetProperty("title").GetString())));

        var folders = await FoldersAsync(admin);
        var db01 = (await VaultImportKit.EntriesAsync(admin, folders["Servers"]))["db01"];
        var revealed = await VaultImportKit.RevealAsync(admin, db01);
        Assert.Equal((_db01, "dba"), (revealed.GetProperty("password").GetString(), revealed.GetProperty("username").GetString()));
        Assert.Equal("Primary, with replica\non db02", revealed.GetProperty("notes").GetString()!.ReplaceLineEndings("\n"));
        Assert.Equal("https://db01.example", revealed.GetProperty("secret").GetProperty("url").GetString());
        Assert.Equal(["favorite"], revealed.GetProperty("secret").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal([("PIN", "1234", true), ("Room", "B12", true), ("URL 2", "https://db01-admin.example", false),
                ("TOTP", "otpauth://totp/db01?secret=JBSWY3DPEHPK3PXP", true)],
            revealed.GetProperty("fields").EnumerateArray().Select(f => (f.GetProperty("name").GetString(), f.GetProperty("value").GetString(),
                f.GetProperty("secret").GetBoolean())));
        var top = await VaultImportKit.EntriesAsync(admin, acme);
        Assert.Equal(["Wifi code", "mail"], top.Keys.Order(StringComparer.Ordinal));
        var wifi = await VaultImportKit.RevealAsync(admin, top["Wifi code"]);
        Assert.Equal(("note", "Guest: tea4two"), (wifi.GetProperty("secret").GetProperty("kind").GetString(), wifi.GetProperty("notes").GetString()));

        var keepassxc = (await VaultImportKit.ImportAsync(admin, acme, "csv", Encoding.UTF8.GetBytes(KeePassXc))).EnsureStatus(200).Json;
        Assert.Equal(("keepassxc-csv", 2), (keepassxc.GetProperty("format").GetString(), keepassxc.GetProperty("entries").GetInt32()));
        Assert.Equal(["Network", "Network/Switches"], keepassxc.GetProperty("newFolders").EnumerateArray().Select(f => f.GetString()));
        var skipped = Assert.Single(keepassxc.GetProperty("skipped").EnumerateArray());
        Assert.Equal(("recycle_bin", 5, "Recycle Bin"), (skipped.GetProperty("code").GetString(), skipped.GetProperty("line").GetInt32(),
            skipped.GetProperty("folder").GetString()));
        folders = await FoldersAsync(admin);
        var router = await VaultImportKit.RevealAsync(admin, (await VaultImportKit.EntriesAsync(admin, acme))["router"]);
        Assert.Equal((_router, "admin", "line one\nline two"), (router.GetProperty("password").GetString(), router.GetProperty("username").GetString(),
            router.GetProperty("notes").GetString()));
        var sw1 = await VaultImportKit.RevealAsync(admin, (await VaultImportKit.EntriesAsync(admin, folders["Switches"]))["sw1"]);
        Assert.Equal((_switch, "netadmin"), (sw1.GetProperty("password").GetString(), sw1.GetProperty("username").GetString()));
        Assert.Equal(("TOTP", true), (sw1.GetProperty("fields")[0].GetProperty("name").GetString(), sw1.GetProperty("fields")[0].GetProperty("secret").GetBoolean()));

        Assert.Equal((before.Folders + 4, before.Entries + 5, before.Audited + 2), await CountsAsync(server));
        VaultImportKit.AssertNotLogged(_db01, _router, _switch);
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Rights_ReadOnly403_WriteCreatesSubfolders_ReadOnlySubfolderRefusesWhole(TestDatabase db)
    {
        var (server, admin) = await VaultImportKit.StartAsync(db);
        await using var _ = server;
        var (reader, readerId, _) = await server.CreateUserAsync(admin, "reader", Roles.User);
        var (writer, writerId, _) = await server.CreateUserAsync(admin, "writer", Roles.User);
        var space = await VaultImportKit.FolderAsync(admin, "Clients");
        await VaultImportKit.FolderAsync(admin, "Archive", space, readOnly: true);
        (await admin.PutAsync($"api/v1/vault/folders/{space}/grants", new { principalKind = "user", principalId = readerId, access = "read" })).EnsureStatus(200);
        (await admin.PutAsync($"api/v1/vault/folders/{space}/grants", new { principalKind = "user", principalId = writerId, access = "write" })).EnsureStatus(200);
        var file = Encoding.UTF8.GetBytes(KeePassXc);
        var before = await VaultImportKit.CountsAsync(server);

        (await VaultImportKit.ImportAsync(reader, space, "csv", file)).EnsureProblem(403, "vault_access_denied");
        (await VaultImportKit.ImportAsync(reader, space, "csv", file, dryRun: true)).EnsureProblem(403, "vault_access_denied");
        (await VaultImportKit.ImportAsync(writer, Guid.CreateVersion7(), "csv", file)).EnsureProblem(404, "not_found");
        var intoArchive = KeePassXc.Replace("\"Root/Network/Switches\"", "\"Root/archive/Switches\"", StringComparison.Ordinal);
        (await VaultImportKit.ImportAsync(writer, space, "csv", Encoding.UTF8.GetBytes(intoArchive))).EnsureProblem(403, "vault_access_denied");
        Assert.Equal(before, await VaultImportKit.CountsAsync(server));
        var denied = (await admin.GetAsync("api/v1/audit/events?action=vault.access_denied")).EnsureStatus(200).Json.GetProperty("items");
        // Every refusal is audited, the unknown folder's too.
        Assert.Equal(4, denied.GetArrayLength());

        // Write on the folder is enough to create the file's groups as subfolders (making folders otherwise needs manage).
        var report = (await VaultImportKit.ImportAsync(writer, space, "csv", file)).EnsureStatus(200).Json;
        Assert.Equal(2, report.GetProperty("foldersCreated").GetInt32());
        (await writer.PostAsync("api/v1/vault/folders", new { parentId = space, name = "By hand" })).EnsureProblem(403, "vault_access_denied");
        var imported = (await admin.GetAsync("api/v1/audit/events?action=vault.imported")).EnsureStatus(200).Json.GetProperty("items");
        Assert.Equal("writer", Assert.Single(imported.EnumerateArray()).GetProperty("actorName").GetString());
    }

    // The real thing: keepassxc-cli's own CSV export, quotes, commas and line breaks included.
    [SkippableFact]
    public async Task KeePassXcCliCsvExport_Imported()
    {
        KeePassXcCli.Require();
        const string master = "Csv-Export-pw";
        var file = _cli.PathOf("export.kdbx");
        await Cli([master, master], "db-create", "-p", "-t", "100", file);
        await Cli([master], "mkdir", file, "Servers");
        await Cli([master, _db01], "add", "-u", "dba", "--url", "https://db01.example", "--notes", "multi\nline, \"quoted\"", "-p", file, "Servers/db01");
        var export = await _cli.RunAsync([master], "export", "-f", "csv", file);
        Assert.Equal(0, export.ExitCode);

        var (server, admin) = await VaultImportKit.StartAsync(TestDatabase.Sqlite);
        await using var _ = server;
        var space = await VaultImportKit.FolderAsync(admin, "Clients");
        var report = (await VaultImportKit.ImportAsync(admin, space, "csv", Encoding.UTF8.GetBytes(export.Output))).EnsureStatus(200).Json;
        Assert.Equal(("keepassxc-csv", 1), (report.GetProperty("format").GetString(), report.GetProperty("entries").GetInt32()));
        var db01 = await VaultImportKit.RevealAsync(admin, (await VaultImportKit.EntriesAsync(admin, (await FoldersAsync(admin))["Servers"]))["db01"]);
        Assert.Equal((_db01, "dba", "multi\nline, \"quoted\""), (db01.GetProperty("password").GetString(), db01.GetProperty("username").GetString(),
            db01.GetProperty("notes").GetString()));
    }

    private static async Task<Dictionary<string, Guid>> FoldersAsync(ApiClient client) =>
        (await client.GetAsync("api/v1/vault/folders")).EnsureStatus(200).Json.EnumerateArray()
        .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("id").GetGuid());

    private static async Task<(int Folders, int Entries, int Audited)> CountsAsync(VigieTestServer server)
    {
        var (folders, entries, _, audited) = await VaultImportKit.CountsAsync(server);
        return (folders, entries, audited);
    }

    private async Task Cli(string[] stdin, params string[] arguments)
    {
        var run = await _cli.RunAsync(stdin, arguments);
        Assert.True(run.ExitCode == 0, $"keepassxc-cli {arguments[0]}: {run}");
    }

    public void Dispose() => _cli.Dispose();
}
