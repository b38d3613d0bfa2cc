namespace Vigie.Core.Common;

/// <summary>
/// An error that reaches the caller as an RFC 7807 problem: a status, a stable snake_case code, a
/// human title and, for validation errors, the offending fields. Messages never carry secrets.
/// </summary>
public class ProblemException : Exception
{
    public ProblemException(int status, string code, string title, string? detail = null,
        IReadOnlyDictionary<string, string[]>? errors = null)
        : base(title)
    {
        Status = status;
        Code = code;
        Title = title;
        Detail = detail;
        Errors = errors;
    }

    public int Status { get; }
    public string Code { get; }
    public string Title { get; }
    public string? Detail { get; }
    public IReadOnlyDictionary<string, string[]>? Errors { get; }
    public TimeSpan? RetryAfter { get; init; }

    public static ProblemException Validation(IReadOnlyDictionary<string, string[]> errors, string? detail = null) =>
        new(400, "validation_failed", "One or more fields are invalid.", detail, errors);

    public static ProblemException Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemException NotFound(string what) =>
        new(404, "not_found", $"The {what} does not exist.");

    public static ProblemException Conflict(string code, string title, string? detail = null) =>
        new(409, code, title, detail);

    public static ProblemException Forbidden(string code, string title, string? detail = null) =>
        new(403, code, title, detail);
}
