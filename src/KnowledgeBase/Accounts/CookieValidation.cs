using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace KnowledgeBase.Accounts;

/// <summary>
/// Checks a sign-in cookie against the database on every request: a disabled user or a changed password
/// (new security stamp) ends the sign-in at once, and a changed role applies at once.
/// </summary>
internal static class CookieValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.UserId();
        var user = id is null ? null : context.HttpContext.RequestServices.GetRequiredService<UserStore>().FindById(id.Value);
        if (user is null || user.Disabled || user.SecurityStamp != context.Principal!.FindFirst(AccountClaims.Stamp)?.Value)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AuthPolicies.CookieScheme);
            return;
        }
        if (user.Role != context.Principal.Role() || user.UserName != context.Principal.Identity?.Name)
        {
            context.ReplacePrincipal(AccountClaims.Principal(user, AuthPolicies.CookieScheme, withStamp: true));
            context.ShouldRenew = true;
        }
    }
}
