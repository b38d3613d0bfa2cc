using System.Text;

namespace Vigie.Core.Vault.Backup;

/// <summary>The rule an export passphrase must meet: at least 12 characters (Unicode scalar values), at most 1 KiB.</summary>
public static class ExportPassphrase
{
    public static bool IsAcceptable(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > ExportFormat.MaxPassphraseBytes)
        {
            return false;
        }
        var characters = 0;
        while (!utf8.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(utf8, out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }
            characters++;
            utf8 = utf8[consumed..];
        }
        return characters >= ExportFormat.MinPassphraseCharacters;
    }

    /// <exception cref="Common.ProblemException">400 <c>validation_failed</c> on <c>passphrase</c>.</exception>
    public static void Check(ReadOnlySpan<byte> utf8)
    {
        if (!IsAcceptable(utf8))
        {
            throw ExportProblems.WeakPassphrase();
        }
    }
}
