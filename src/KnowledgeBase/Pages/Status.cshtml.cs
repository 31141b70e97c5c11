using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeBase.Pages;

/// <summary>Friendly page for 4xx/5xx status codes re-executed by the status-code middleware.</summary>
// Re-executed with the failed request's method: a refused POST (429 on sign-in) must render, not fail antiforgery.
// Open on a private wiki too: the error pages are re-executed for requests of any user.
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
[Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken]
public sealed class StatusModel(IStringLocalizer<SharedResource> l) : PageModel
{
    public int Code { get; private set; }
    public string Heading { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnPost(int code) => OnGet(code);

    public void OnGet(int code)
    {
        // A direct visit to /Status/404 should still answer with that status.
        Code = code is >= 400 and <= 599 ? code : 404;
        Response.StatusCode = Code;
        (Heading, Message) = Code switch
        {
            404 => (l["页面不存在"].Value, l["没有找到这个页面。它可能被移动或删除了，试试搜索。"].Value),
            400 => (l["请求有误"].Value, l["请求的参数不正确。"].Value),
            403 => (l["没有权限"].Value, l["你的账户没有权限打开这个页面。需要时请联系管理员。"].Value),
            429 => (l["尝试过于频繁"].Value, l["请稍等片刻再试。"].Value),
            _ when Code >= 500 => (l["出错了"].Value, l["服务器处理这个请求时出了问题。请稍后再试，或回到首页。"].Value),
            _ => (l["无法完成请求"].Value, l["请求没有成功。"].Value),
        };
    }
}
