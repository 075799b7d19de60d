using Yardstick.Core.Model;
using Yardstick.Web.Api;

namespace Yardstick.Web.Access;

/// <summary>
/// A user whose password must change (first sign-in, reset, older than 90 days) reaches nothing but the change-password
/// page and sign-out until they change it; the API answers 403 with the reason.
/// </summary>
public sealed class PasswordChangeGate(RequestDelegate next)
{
    private static readonly string[] Open = ["/Account/ChangePassword", "/Account/Logout", "/Account/Login", "/Language", "/healthz", "/css/", "/lib/", "/js/", "/favicon"];

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path.Value ?? "";
        if (context.User.HasClaim(ScopeClaims.MustChangePassword, "true") && !Open.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        {
            if (ApiEndpoints.IsApi(context.Request))
            {
                await Hosting.Problems.RefuseAsync(context, Refusal.Forbidden("须先修改密码"));
                return;
            }
            // Where the user was going, so that after the change they land there, not on the dashboard.
            var target = context.Request.Path + context.Request.QueryString;
            context.Response.Redirect(HttpMethods.IsGet(context.Request.Method) && target != "/"
                ? "/Account/ChangePassword?returnUrl=" + Uri.EscapeDataString(target)
                : "/Account/ChangePassword");
            return;
        }
        await next(context);
    }
}
