namespace Yardstick.Data.Access;

/// <summary>
/// Which field of a Yardstick account the 统一身份认证 provider's claim is matched to at sign-on (configured as
/// <c>Yardstick:Oidc:MatchBy</c>). Only matching: the account, its role and its scope are Yardstick's own.
/// </summary>
public enum SignOnMatch
{
    /// <summary>The claim is the account's user name (e.g. <c>preferred_username</c>).</summary>
    UserName,

    /// <summary>The claim is the account's e-mail address (<c>email</c>).</summary>
    Email,

    /// <summary>The claim is the external id a security admin set on the account (a staff number claim).</summary>
    ExternalId,
}
