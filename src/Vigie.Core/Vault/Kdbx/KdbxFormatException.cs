namespace Vigie.Core.Vault.Kdbx;

/// <summary>
/// A KDBX file that cannot be read, with a plain message fit for the user ("wrong password or corrupted file").
/// Messages never contain file contents or secrets.
/// </summary>
public sealed class KdbxFormatException : Exception
{
    public KdbxFormatException(KdbxError error, string message)
        : base(message) => Error = error;

    public KdbxFormatException(KdbxError error, string message, Exception innerException)
        : base(message, innerException) => Error = error;

    public KdbxError Error { get; }

    internal static KdbxFormatException Corrupted(string message) => new(KdbxError.Corrupted, message);

    internal static KdbxFormatException Limit(string message) => new(KdbxError.LimitExceeded, message);

    internal static KdbxFormatException WrongPassword() =>
        new(KdbxError.WrongCredentials, "wrong password or corrupted file");
}
