namespace Vigie.Core.Vault.Generation;

/// <summary>
/// A password's estimated strength: <see cref="Score"/> 0 (guessed at once) to 4 (out of reach),
/// <see cref="EntropyBits"/> the estimate it comes from, and what lowered it. Holds nothing of the password,
/// so it can be stored and shown on the dashboard.
/// </summary>
public sealed record StrengthResult(int Score, double EntropyBits, IReadOnlyList<StrengthReason> Reasons);
