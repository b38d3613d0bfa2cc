namespace Vigie.Core.Identity;

/// <summary>A pending TOTP enrolment: the seed in base32 and as an otpauth URI for a QR code. Shown once.</summary>
public sealed record MfaEnrolment(string Secret, string OtpauthUri, int Digits, int Period, string Algorithm)
{
    public override string ToString() => "MfaEnrolment([redacted])";
}

/// <summary>Recovery codes issued when enrolment is confirmed; stored hashed, each usable once. Shown once.</summary>
public sealed record MfaRecoveryCodes(IReadOnlyList<string> RecoveryCodes)
{
    public override string ToString() => "MfaRecoveryCodes([redacted])";
}

/// <summary>The roles whose members must enrol in MFA before anything else.</summary>
public sealed record MfaPolicy(IReadOnlyList<string> RequiredForRoles);
