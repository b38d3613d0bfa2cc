namespace Vigie.Cli;

/// <summary>The process exit codes of <c>vigie</c>; scripts rely on them, so they never change meaning.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int Unauthenticated = 3;
    public const int Forbidden = 4;
    public const int NotFound = 5;
    public const int Unavailable = 6;
    public const int AuditChainBroken = 7;
    public const int Cancelled = 130;

    public static int ForStatus(int status) => status switch
    {
        401 => Unauthenticated,
        403 => Forbidden,
        404 => NotFound,
        >= 500 => Unavailable,
        _ => Failure,
    };
}
