using KnowledgeBase.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Pages.Account;

/// <summary>The signed-in user's own account: change the password, create and revoke API tokens.</summary>
[Authorize(Policy = AuthPolicies.Reader)]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ProfileModel(UserStore users, ApiTokenStore tokens, IOptions<AccountsOptions> options, IStringLocalizer<SharedResource> l) : PageModel
{
    private AccountUser? _account;
    private IReadOnlyList<ApiTokenInfo>? _tokens;

    // Loaded when the page renders, not by a handler: "?handler=unknown" renders the page without running any.
    // The user exists: the cookie was checked against the database for this request.
    public AccountUser Account => _account ??= Current()!;
    public IReadOnlyList<ApiTokenInfo> Tokens => _tokens ??= tokens.ForUser(Account.Id);

    /// <summary>A token just created: shown on this response only, it is not stored.</summary>
    public string? NewToken { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostPasswordAsync(string? currentPassword, string? newPassword, string? confirmPassword)
    {
        var user = Account;
        // Checked like a sign-in (counts toward the lockout), so a borrowed session cannot guess the password here.
        if (users.CheckPassword(user.UserName, currentPassword ?? "") is null)
        {
            return Fail(l["当前密码不正确。"]);
        }
        if (AccountRules.CheckPassword(newPassword, options.Value.MinPasswordLength) is not null)
        {
            return Fail(string.Format(System.Globalization.CultureInfo.CurrentCulture, l["新密码至少需要 {0} 个字符（最多 {1} 个）。"], options.Value.MinPasswordLength, AccountRules.MaxPassword));
        }
        if (newPassword != confirmPassword) { return Fail(l["两次输入的新密码不一致。"]); }
        users.SetPassword(user.Id, newPassword!);
        // The new security stamp signs out every other browser; this one gets a fresh cookie.
        await HttpContext.SignInAsync(AuthPolicies.CookieScheme,
            AccountClaims.Principal(users.FindById(user.Id)!, AuthPolicies.CookieScheme, withStamp: true), new AuthenticationProperties { IsPersistent = true });
        Message = l["密码已更改，其他设备上的登录已退出。"];
        return Page();
    }

    public IActionResult OnPostCreateToken(string? tokenName)
    {
        var user = Account;
        var name = string.IsNullOrWhiteSpace(tokenName) ? l["未命名"].Value : tokenName.Trim();
        if (name.Length > ApiTokenStore.MaxName) { return Fail(string.Format(System.Globalization.CultureInfo.CurrentCulture, l["令牌名称最多 {0} 个字符。"], ApiTokenStore.MaxName)); }
        NewToken = tokens.Create(user.Id, name).Token;
        return Page();
    }

    public IActionResult OnPostRevokeToken(long tokenId)
    {
        var user = Account;
        // Only the user's own tokens: another user's id changes nothing.
        Message = tokens.Revoke(user.Id, tokenId) ? l["令牌已撤销。"].Value : null;
        return Page();
    }

    private AccountUser? Current() => User.UserId() is long id ? users.FindById(id) : null;

    private IActionResult Fail(string error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
