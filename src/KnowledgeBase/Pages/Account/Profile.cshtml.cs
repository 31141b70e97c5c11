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
    public AccountUser Account { get; private set; } = null!;
    public IReadOnlyList<ApiTokenInfo> Tokens { get; private set; } = [];

    /// <summary>A token just created: shown on this response only, it is not stored.</summary>
    public string? NewToken { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public IActionResult OnGet() => Show();

    public async Task<IActionResult> OnPostPasswordAsync(string? currentPassword, string? newPassword, string? confirmPassword)
    {
        var user = Current();
        if (user is null) { return Challenge(); }
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
        return Show();
    }

    public IActionResult OnPostCreateToken(string? tokenName)
    {
        var user = Current();
        if (user is null) { return Challenge(); }
        var name = string.IsNullOrWhiteSpace(tokenName) ? l["未命名"].Value : tokenName.Trim();
        if (name.Length > ApiTokenStore.MaxName) { return Fail(string.Format(System.Globalization.CultureInfo.CurrentCulture, l["令牌名称最多 {0} 个字符。"], ApiTokenStore.MaxName)); }
        NewToken = tokens.Create(user.Id, name).Token;
        return Show();
    }

    public IActionResult OnPostRevokeToken(long tokenId)
    {
        var user = Current();
        if (user is null) { return Challenge(); }
        // Only the user's own tokens: another user's id changes nothing.
        Message = tokens.Revoke(user.Id, tokenId) ? l["令牌已撤销。"].Value : null;
        return Show();
    }

    private AccountUser? Current() => User.UserId() is long id ? users.FindById(id) : null;

    private IActionResult Fail(string error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Show();
    }

    private IActionResult Show()
    {
        var user = Current();
        if (user is null) { return Challenge(); }
        Account = user;
        Tokens = tokens.ForUser(user.Id);
        return Page();
    }
}
