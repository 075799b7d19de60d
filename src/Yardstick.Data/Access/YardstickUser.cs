using Microsoft.AspNetCore.Identity;

namespace Yardstick.Data.Access;

/// <summary>A person who signs in: an Identity user with the org-unit subtree they may see and edit (本级及下级).</summary>
public sealed class YardstickUser : IdentityUser
{
    /// <summary>The root of the user's scope; the whole tree for a city-level user.</summary>
    public string OrgUnitCode { get; set; } = "";

    /// <summary>Set for a first login and after a reset: the user must choose a new password before anything else.</summary>
    public bool MustChangePassword { get; set; }

    public DateTimeOffset? PasswordChangedAt { get; set; }

    /// <summary>A disabled account cannot sign in and has no sessions or tokens; a security admin or the CLI enables it again.</summary>
    public bool Disabled { get; set; }

    /// <summary>
    /// The account's id at the province's 统一身份认证 (a staff number, say), set by a security admin when sign-on matches by
    /// external id (<see cref="SignOnMatch.ExternalId"/>); unique, null when not set.
    /// </summary>
    public string? ExternalId { get; set; }

    /// <summary>
    /// For an account of a 处室 (a commission department): the org unit whose subtree's figures it may read, read-only, beside
    /// its department's tasks. Null for every other account: their figures are their own scope's.
    /// </summary>
    public string? DataScopeCode { get; set; }
}
