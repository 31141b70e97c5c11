using System.Globalization;
using KnowledgeBase.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Pages.Admin;

/// <summary>
/// Admins add users (with a password they choose, or a generated one to hand over: the invitation of a wiki
/// without e-mail), change roles, reset passwords and disable users. An admin cannot change their own role or
/// disable themselves, so the wiki never loses its last admin from here.
/// </summary>
[Authorize(Policy = AuthPolicies.Admin)]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class UsersModel(UserStore users, IOptions<AccountsOptions> options, IStringLocalizer<SharedResource> l) : PageModel
{
    public IReadOnlyList<AccountUser> Users { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    /// <summary>A password just set for someone, shown on this response only.</summary>
    public string? NewPassword { get; private set; }

    public void OnGet() => Users = users.All();

    public IActionResult OnPostAdd(string? userName, string? role, string? password)
    {
        userName = userName?.Trim();
        if (AccountRules.CheckUserName(userName) is not null) { return Fail(l["用户名只能包含字母（含中文）、数字和 . _ - @，最多 64 个字符。"]); }
        if (!Roles.IsValid(role)) { return Fail(l["未知角色。"]); }
        if (!TryPassword(ref password)) { return Fail(PasswordRule()); }
        if (users.Create(userName!, role!, password!) is null) { return Fail(l["该用户名已被使用。"]); }
        return Done(string.Format(CultureInfo.CurrentCulture, l["已添加用户 {0}。"], userName), password);
    }

    public IActionResult OnPostRole(long id, string? role)
    {
        if (!Roles.IsValid(role)) { return Fail(l["未知角色。"]); }
        if (IsSelf(id)) { return Fail(l["不能修改自己的角色。"]); }
        return users.SetRole(id, role!) ? Done(l["角色已更改。"]) : NotFound();
    }

    public IActionResult OnPostResetPassword(long id, string? password)
    {
        if (!TryPassword(ref password)) { return Fail(PasswordRule()); }
        return users.SetPassword(id, password!) ? Done(l["密码已重置，该用户在各处的登录已退出。"], password) : NotFound();
    }

    public IActionResult OnPostDisable(long id) =>
        IsSelf(id) ? Fail(l["不能停用自己。"]) : users.SetDisabled(id, true) ? Done(l["用户已停用。"]) : NotFound();

    public IActionResult OnPostEnable(long id) => users.SetDisabled(id, false) ? Done(l["用户已启用。"]) : NotFound();

    private bool IsSelf(long id) => User.UserId() == id;

    /// <summary>An empty password means "generate one"; a typed one must meet the rules.</summary>
    private bool TryPassword(ref string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            password = Passwords.Generate(options.Value.MinPasswordLength);
            return true;
        }
        return AccountRules.CheckPassword(password, options.Value.MinPasswordLength) is null;
    }

    private string PasswordRule() =>
        string.Format(CultureInfo.CurrentCulture, l["密码至少需要 {0} 个字符（最多 {1} 个）；留空则自动生成。"], options.Value.MinPasswordLength, AccountRules.MaxPassword);

    private PageResult Done(string message, string? newPassword = null)
    {
        Message = message;
        NewPassword = newPassword;
        Users = users.All();
        return Page();
    }

    private PageResult Fail(string error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        Users = users.All();
        return Page();
    }
}
