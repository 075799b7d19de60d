namespace Yardstick.Core.Model;

/// <summary>
/// Why a request was not done, as every feature answers it (tasks, reports, values, 考核, scope checks): its
/// <see cref="RefusalKind"/>, the specific reason in Chinese as the user reads it, and the field it is about when one is
/// (<c>deadline</c>, <c>milestones[0].due</c>), named as the request wrote it.
/// </summary>
public sealed record Refusal(RefusalKind Kind, string Message, string? Field = null)
{
    public static Refusal Invalid(string message, string? field = null) => new(RefusalKind.Invalid, message, field);

    public static Refusal Forbidden(string message) => new(RefusalKind.Forbidden, message);

    public static Refusal NotFound(string message) => new(RefusalKind.NotFound, message);

    public static Refusal Conflict(string message) => new(RefusalKind.Conflict, message);

    public static Refusal Locked(string message) => new(RefusalKind.Locked, message);
}
