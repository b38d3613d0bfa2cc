namespace Vigie.Core.Vault.Kdbx;

/// <summary>Why a file could not be read, for callers that map it to a stable error code.</summary>
public enum KdbxError
{
    /// <summary>The file does not start with the KeePass 2 signature.</summary>
    NotKeePass,

    /// <summary>A KeePass file of a version this reader does not read (KeePass 1 .kdb, KDBX 2, KDBX 5...).</summary>
    UnsupportedVersion,

    /// <summary>A KDBX file using something this reader does not implement (the Twofish cipher, Argon2 without libargon2...).</summary>
    Unsupported,

    /// <summary>The password does not open the file (or the header was altered).</summary>
    WrongCredentials,

    /// <summary>The file is damaged or truncated.</summary>
    Corrupted,

    /// <summary>The file asks for more work or memory than <see cref="KdbxReadLimits"/> allows.</summary>
    LimitExceeded,
}
