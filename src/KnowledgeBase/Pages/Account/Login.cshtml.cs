using KnowledgeBase.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeBase.Pages.Account;

/// <summary>
/// Sign-in. One message for every failure (unknown name, wrong password, locked or disabled account), after the
/// same hashing work, so the answer never tells whether a user name exists. Posts are rate-limited per address.
/// </summary>
[AllowAnonymous]
public sealed class LoginModel(UserStore users, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = users.CheckPassword(UserName ?? "", Password ?? "");
        if (user is null)
        {
            Error = l["用户名或密码不正确；多次失败后账户会暂时锁定。"];
            Password = null;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await HttpContext.SignInAsync(AuthPolicies.CookieScheme, AccountClaims.Principal(user, AuthPolicies.CookieScheme, withStamp: true),
            new AuthenticationProperties { IsPersistent = true });
        // Only a path on this site: "//evil", "/\evil" and absolute URLs fall back to the home page.
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
