using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Data.Access;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Account;

public sealed class LogoutModel(SignInManager<YardstickUser> signIn) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    /// <summary>
    /// Ends Yardstick's session; a session opened by 统一身份认证 then goes on to the provider's end-session endpoint (when it
    /// has one), or the next click on its button would sign the same person straight back in.
    /// </summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var signedOn = session.Principal?.HasClaim(c => c.Type == ScopeClaims.SignedOn) == true;
        string? idToken = null;
        session.Properties?.Items.TryGetValue(SingleSignOn.IdTokenItem, out idToken);
        await signIn.SignOutAsync();
        if (signedOn && await SingleSignOn.EndSessionEndpointAsync(HttpContext) is not null)
        {
            var properties = new AuthenticationProperties { RedirectUri = "/Account/Login" };
            if (idToken is not null)
            {
                properties.Items[SingleSignOn.IdTokenItem] = idToken;
            }
            return SignOut(properties, SingleSignOn.Scheme);
        }
        return RedirectToPage("/Account/Login");
    }
}
