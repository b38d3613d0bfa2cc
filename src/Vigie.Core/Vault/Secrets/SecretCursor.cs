using System.Text;
using Vigie.Core.Common;
using Vigie.Core.Crypto;

namespace Vigie.Core.Vault.Secrets;

/// <summary>The opaque paging cursor of entry lists: the last entry's normalised title and id.</summary>
internal static class SecretCursor
{
    private const string Prefix = "s:";

    public static string Encode(string normalizedTitle, Guid id) => SecretToken.Base64Url(Encoding.UTF8.GetBytes($"{Prefix}{id:D}:{normalizedTitle}"));

    public static (string Title, Guid Id) Decode(string cursor)
    {
        if (SecretToken.TryFromBase64Url(cursor, out var bytes))
        {
            var text = Encoding.UTF8.GetString(bytes);
            if (text.StartsWith(Prefix, StringComparison.Ordinal) && text.Length > Prefix.Length + 37 && Guid.TryParse(text.AsSpan(Prefix.Length, 36), out var id))
            {
                return (text[(Prefix.Length + 37)..], id);
            }
        }
        throw ProblemException.Validation("cursor", "is not a cursor returned by this endpoint");
    }
}
