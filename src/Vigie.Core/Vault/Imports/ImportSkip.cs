namespace Vigie.Core.Vault.Imports;

/// <summary>
/// An entry left out: a stable <see cref="Code"/> (<c>no_title</c>, <c>duplicate</c>, <c>invalid</c>,
/// <c>unsupported_type</c>, <c>recycle_bin</c>), a readable reason, where it was (the CSV line its record starts on, or
/// for KDBX the group path relative to the target) and its title when it has one.
/// </summary>
public sealed record ImportSkip(string Code, string Reason, int? Line, string Folder, string? Title);

/// <summary>
/// Part of an imported entry that the vault could not keep, so that nothing is lost unnoticed: <see cref="What"/> is
/// <c>attachments</c> (KeePass files attached to the entry; <see cref="Names"/> are their file names).
/// </summary>
public sealed record ImportLoss(string Folder, string Title, string What, IReadOnlyList<string> Names);
