using System.Net;
using Yardstick.Data.Access;

namespace Yardstick.Web.Access;

/// <summary>
/// 统一身份认证: the <c>Yardstick:Oidc</c> section (<c>Yardstick__Oidc__Authority</c>…). Off unless the issuer and the
/// client id are set. The provider only says who the person is; which account that is (<see cref="MatchBy"/>), and the
/// account's role, scope and 三员分立, stay Yardstick's.
/// </summary>
public sealed class SignOnOptions
{
    /// <summary>The provider's issuer (its discovery document is <c>{Authority}/.well-known/openid-configuration</c>).</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Scopes asked for, separated by spaces or commas; <c>openid</c> is always asked.</summary>
    public string Scopes { get; set; } = "openid profile email";

    /// <summary>The words on the sign-in page's button.</summary>
    public string ButtonText { get; set; } = "统一身份认证登录";

    /// <summary>The claim of the provider's ID token that names the person: <c>preferred_username</c>, <c>email</c>, a staff number claim….</summary>
    public string Claim { get; set; } = "preferred_username";

    /// <summary>Which account field that claim is matched to: <c>UserName</c>, <c>Email</c> or <c>ExternalId</c> (set on the users page).</summary>
    public SignOnMatch MatchBy { get; set; } = SignOnMatch.UserName;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>
    /// Whether the provider's metadata may be fetched over plain HTTP: only when the issuer is this machine (a provider a test
    /// or a developer starts on loopback). Any other issuer is HTTPS or nothing: its keys and endpoints decide who signs in.
    /// </summary>
    public bool AllowsPlainHttp =>
        Uri.TryCreate(Authority, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));

    /// <summary>The provider's origin, which the content policy lets the sign-out form lead to (its end-session endpoint).</summary>
    public string? Origin => IsConfigured && Uri.TryCreate(Authority, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null;

    public IEnumerable<string> ScopeList =>
        (Scopes ?? "").Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Append("openid").Distinct();
}
