using Vigie.Core.Common;

namespace Vigie.Core.Vault.Backup;

/// <summary>The problems an export file or a restore can raise; messages never hold a value from the file.</summary>
internal static class ExportProblems
{
    public static ProblemException NotAnExport() =>
        new(400, "not_a_vault_export", "The file is not a Vigie vault export.", $"It does not start with {ExportFormat.Magic}.");

    public static ProblemException Unsupported(string detail) =>
        new(400, "unsupported_export", "This vault export cannot be read by this version of Vigie.", detail);

    public static ProblemException WrongPassphrase() =>
        new(400, "wrong_passphrase_or_corrupted", "The passphrase is wrong, or the export's header is damaged.",
            "Nothing was restored. Check the passphrase (it is case-sensitive and used exactly as typed).");

    public static ProblemException Truncated(string detail) =>
        new(400, "export_truncated", "The export file is truncated: it ends before its final chunk.", detail + " Nothing was restored.");

    public static ProblemException Corrupted(string detail) =>
        new(400, "export_corrupted", "The export file is damaged or was altered.", detail + " Nothing was restored.");

    public static ProblemException Invalid(string detail) =>
        new(400, "export_invalid", "The export's content is not valid.", detail + " Nothing was restored.");

    public static ProblemException WeakPassphrase() =>
        ProblemException.Validation("passphrase",
            $"must have at least {ExportFormat.MinPassphraseCharacters} characters and at most {ExportFormat.MaxPassphraseBytes} bytes");
}
