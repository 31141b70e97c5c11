using KnowledgeBase.Accounts;
using KnowledgeBase.BrowserTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KnowledgeBase.BrowserTests;

/// <summary>
/// Editing in a real browser. A fixture of its own (not the shared browser collection): these tests change articles.
/// </summary>
public sealed class EditingTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Password = "browser test password 123";
    private const string Slug = "pooling-backprop";

    // A 4×4 red PNG.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==");

    private async Task<(IPage Page, List<string> Errors)> SignedInAsync(string user, string returnUrl)
    {
        fixture.Factory.Services.GetRequiredService<UserStore>().Create(user, Roles.Editor, Password);
        var (page, errors) = await fixture.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync("/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.FillAsync("input[name=UserName]", user);
        await page.FillAsync("input[name=Password]", Password);
        await page.ClickAsync("form button[type=submit]");
        await page.WaitForURLAsync("**" + returnUrl);
        return (page, errors);
    }

    [Fact]
    public async Task Edit_with_live_preview_upload_save_see_history_and_diff_then_restore()
    {
        var (page, errors) = await SignedInAsync("browser-editor", "/edit/" + Slug);

        // Live preview of what is typed, math rendered by KaTeX as on the article page.
        await page.WaitForSelectorAsync("#edit-preview h2");
        var textarea = page.Locator("#edit-markdown");
        await textarea.FocusAsync();
        await page.Keyboard.PressAsync("Control+End");
        await page.Keyboard.InsertTextAsync("\n\n## 浏览器新增小节\n\n勾股定理 $a^2+b^2=c^2$\n\n");
        await page.WaitForSelectorAsync("#edit-preview h2:has-text('浏览器新增小节')");
        await page.WaitForSelectorAsync("#edit-preview .katex");

        // Upload: the image lands in the Markdown and the preview shows it from /media.
        await page.SetInputFilesAsync("#edit-upload", new FilePayload { Name = "red.png", MimeType = "image/png", Buffer = Png });
        await page.WaitForFunctionAsync("() => document.getElementById('edit-markdown').value.includes('](upload-')");
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('#edit-preview img[src^=\"/media/cnn/upload-\"]'); return i && i.complete && i.naturalWidth === 4; }");

        await page.FillAsync("input[name=Message]", "加一小节和一张图");
        await page.ClickAsync("button.primary");
        await page.WaitForURLAsync("**/a/" + Slug);
        await page.WaitForSelectorAsync(".article-body h2:has-text('浏览器新增小节')");
        Assert.True(await page.EvaluateAsync<bool>("() => { const i = document.querySelector('.article-body img[src^=\"/media/cnn/upload-\"]'); return !!i; }"));
        // The draft was cleared by the save.
        Assert.Null(await page.EvaluateAsync<string?>($"() => localStorage.getItem('kb-draft:{Slug}')"));

        // History shows the revision; its diff marks the new section.
        await page.GotoAsync("/history/" + Slug);
        var newest = page.Locator("tr.revision").First;
        Assert.Equal("2", await newest.GetAttributeAsync("data-revision"));
        Assert.Contains("加一小节和一张图", await newest.InnerTextAsync());
        await newest.Locator("a", new() { HasText = "对比上一版" }).ClickAsync();
        await page.WaitForURLAsync("**/diff/" + Slug + "?from=1&to=2");
        Assert.True(await page.Locator(".diff-side ins", new() { HasText = "浏览器新增小节" }).CountAsync() > 0);

        // Restore revision 1: a new revision 3 without the section.
        await page.GotoAsync("/history/" + Slug);
        await page.Locator("tr.revision[data-revision='1'] button").ClickAsync();
        await page.WaitForURLAsync("**/history/" + Slug);
        Assert.Equal("3", await page.Locator("tr.revision").First.GetAttributeAsync("data-revision"));
        await page.GotoAsync("/a/" + Slug);
        Assert.Equal(0, await page.Locator(".article-body h2:has-text('浏览器新增小节')").CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_closed_tab_loses_no_typed_text()
    {
        var (page, _) = await SignedInAsync("browser-drafter", "/edit/why-3x3-kernels");
        await page.FillAsync("#edit-markdown", "还没保存的草稿文字");
        await page.WaitForFunctionAsync("() => (localStorage.getItem('kb-draft:why-3x3-kernels') || '').includes('还没保存的草稿文字')");
        var context = page.Context;
        await page.CloseAsync();

        var again = await context.NewPageAsync();
        await again.GotoAsync("/edit/why-3x3-kernels");
        await again.WaitForSelectorAsync(".edit-draft");
        Assert.Equal("还没保存的草稿文字", await again.InputValueAsync("#edit-markdown"));
    }

    [Fact]
    public async Task Script_saved_by_an_editor_does_not_run_for_a_reader()
    {
        var (editor, _) = await SignedInAsync("browser-xss", "/edit/one-by-one-conv");
        await editor.FillAsync("#edit-markdown", """
            ## 答案要点

            <script>window.__xss = 1</script>
            <img src="x" onerror="window.__xss = 2">
            <a href="javascript:window.__xss=3" id="bad">点我</a>
            <form action="/account/login" method="post"><input name="Password"><button>登录</button></form>
            <div style="position:fixed;inset:0;z-index:99;background:red">覆盖层</div>
            """);
        await editor.ClickAsync("button.primary");
        await editor.WaitForURLAsync("**/a/one-by-one-conv");

        var (reader, _) = await fixture.NewPageAsync();
        await reader.GotoAsync("/a/one-by-one-conv");
        await reader.WaitForSelectorAsync(".article-body:has-text('覆盖层')");
        if (await reader.Locator("#bad, #user-content-bad").CountAsync() > 0) { await reader.Locator("#bad, #user-content-bad").ClickAsync(); }
        await reader.WaitForTimeoutAsync(500);
        Assert.Null(await reader.EvaluateAsync<int?>("() => window.__xss"));
        Assert.Equal(0, await reader.Locator(".article-body form, .article-body input, .article-body script").CountAsync());
        Assert.Equal("static", await reader.EvaluateAsync<string>("() => getComputedStyle([...document.querySelectorAll('.article-body div')].find(d => d.textContent.includes('覆盖层')) || document.body).position"));
    }
}
