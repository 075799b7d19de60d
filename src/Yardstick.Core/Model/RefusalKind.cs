namespace Yardstick.Core.Model;

/// <summary>
/// Whose move a refusal is, which is all an answer's status says: the request's (<see cref="Invalid"/>, <see cref="NotFound"/>,
/// <see cref="UnsupportedType"/>), the caller's rights (<see cref="Forbidden"/>), the state of the store (<see cref="Conflict"/>,
/// <see cref="Locked"/>) or the moment (<see cref="Busy"/>). The web app maps each to its status in one switch
/// (<c>Problems.Answer</c>); nothing decides a status from a message's words.
/// </summary>
public enum RefusalKind
{
    /// <summary>The request itself is wrong: an unreadable period, a number out of range, a missing reason (400).</summary>
    Invalid,

    /// <summary>The caller may not do this: outside their org-unit subtree, or not their role (403).</summary>
    Forbidden,

    /// <summary>What the request names does not exist: an unknown code, a task or appeal number (404).</summary>
    NotFound,

    /// <summary>The state stands in the way: a report already submitted, a task already closed, another writer first (409).</summary>
    Conflict,

    /// <summary>A conflict only someone above can lift: a report approved and locked, a period past its lock date (409).</summary>
    Locked,

    /// <summary>A body of a type the endpoint does not read (415).</summary>
    UnsupportedType,

    /// <summary>Not now: the writers' lock stayed busy, or the figures are still loading; the same request may succeed shortly (503).</summary>
    Busy,
}
