using Vigie.Core.Vault.Kdbx;

namespace Vigie.Core.Tests.Vault.Kdbx;

/// <summary>A small folder branch as the vault exports it: nested groups, protected fields, history.</summary>
internal static class KdbxSamples
{
    public const string Password = "Export-Passw0rd-ü";
    public static readonly DateTimeOffset Created = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Modified = new(2025, 2, 3, 4, 5, 6, TimeSpan.Zero);

    public static KdbxDatabase Branch()
    {
        var router = Entry("Router", "admin", "S3cret!é€ <&>", Modified);
        router.Url = "https://192.0.2.1/";
        router.Notes = "line one\nline two, ünïcödé";
        router.Tags.AddRange(["prod", "network"]);
        router.Fields.Add(new KdbxField("PIN", KdbxSecret.FromChars("1234"), isProtected: true));
        router.Fields.Add(new KdbxField("Serial", KdbxSecret.FromChars("SN-42"), isProtected: false));
        router.History.Add(Entry("Router", "admin", "old-password-1", Created, router.Uuid));
        router.History.Add(Entry("Router", "root", "old-password-2", Created.AddDays(30), router.Uuid));
        router.History[1].Fields.Add(new KdbxField("PIN", KdbxSecret.FromChars("0000"), isProtected: true));

        var db01 = Entry("db01", "postgres", "pw-db01", Modified);
        db01.History.Add(Entry("db01", "postgres", "pw-db01-before", Created, db01.Uuid));

        var servers = new KdbxGroup { Name = "Servers", Created = Created, Modified = Modified };
        servers.Entries.Add(db01);
        servers.Groups.Add(new KdbxGroup { Name = "Linux", Created = Created, Modified = Modified });

        var root = new KdbxGroup { Name = "Client A", Notes = "exported by Vigie", Created = Created, Modified = Modified };
        root.Entries.Add(router);
        root.Groups.Add(servers);
        return new KdbxDatabase { Name = "Vigie export", Description = "offline copy", Root = root };
    }

    public static KdbxEntry Entry(string title, string user, string password, DateTimeOffset modified, Guid? uuid = null) => new()
    {
        Uuid = uuid ?? Guid.NewGuid(),
        Title = title,
        UserName = user,
        Password = KdbxSecret.FromChars(password),
        Created = Created,
        Modified = modified,
    };

    public static void AssertSame(KdbxDatabase expected, KdbxDatabase actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Description, actual.Description);
        AssertSame(expected.Root, actual.Root);
    }

    private static void AssertSame(KdbxGroup expected, KdbxGroup actual)
    {
        Assert.Equal(expected.Uuid, actual.Uuid);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Notes, actual.Notes);
        Assert.Equal(expected.Created, actual.Created);
        Assert.Equal(expected.Modified, actual.Modified);
        Assert.Equal(expected.Entries.Count, actual.Entries.Count);
        for (var i = 0; i < expected.Entries.Count; i++)
        {
            AssertSame(expected.Entries[i], actual.Entries[i]);
        }
        Assert.Equal(expected.Groups.Count, actual.Groups.Count);
        for (var i = 0; i < expected.Groups.Count; i++)
        {
            AssertSame(expected.Groups[i], actual.Groups[i]);
        }
    }

    private static void AssertSame(KdbxEntry expected, KdbxEntry actual)
    {
        Assert.Equal(expected.Uuid, actual.Uuid);
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.UserName, actual.UserName);
        Assert.Equal(expected.Password.Reveal(), actual.Password.Reveal());
        Assert.Equal(expected.Url, actual.Url);
        Assert.Equal(expected.Notes, actual.Notes);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.Created, actual.Created);
        Assert.Equal(expected.Modified, actual.Modified);
        Assert.Equal(
            expected.Fields.Select(f => (f.Name, f.Value.Reveal(), f.IsProtected)),
            actual.Fields.Select(f => (f.Name, f.Value.Reveal(), f.IsProtected)));
        Assert.Equal(expected.History.Count, actual.History.Count);
        for (var i = 0; i < expected.History.Count; i++)
        {
            AssertSame(expected.History[i], actual.History[i]);
        }
    }
}
