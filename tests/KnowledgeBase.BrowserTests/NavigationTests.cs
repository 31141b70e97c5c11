using KnowledgeBase.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace KnowledgeBase.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class NavigationTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Home_to_category_to_article_with_math_code_and_no_console_errors()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Equal("深度学习面试知识库", await page.TitleAsync());

        await page.ClickAsync("a[href='/c/params']");
        await page.WaitForURLAsync("**/c/params");
        Assert.Equal("参数量计算", await page.InnerTextAsync("h1"));

        await page.ClickAsync("a[href='/a/rnn-lstm-gru-params']");
        await page.WaitForURLAsync("**/a/rnn-lstm-gru-params");
        Assert.Contains("LSTM", await page.InnerTextAsync("h1"), StringComparison.Ordinal);

        // KaTeX replaced Markdig's \( \) spans with typeset math.
        await page.WaitForSelectorAsync(".article-body .katex");
        Assert.True(await page.Locator(".article-body .katex").CountAsync() > 5);
        Assert.Equal(0, await page.Locator(".article-body .katex-error").CountAsync());
        // highlight.js ran on the Python block.
        await page.WaitForSelectorAsync(".article-body pre code.hljs");
        Assert.True(await page.Locator(".article-body pre code .hljs-keyword").CountAsync() > 0);

        Assert.Empty(errors);
    }

    [Fact]
    public async Task Toc_link_scrolls_to_a_chinese_heading()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 600);
        await page.GotoAsync("/a/rnn-lstm-gru-params");
        var heading = page.Locator("h2#常见追问");
        var before = await heading.BoundingBoxAsync();
        Assert.NotNull(before);
        Assert.True(before.Y > 600, "heading should start below the fold");

        await page.ClickAsync(".toc a[href='#常见追问']");
        await page.WaitForFunctionAsync("() => decodeURIComponent(location.hash) === '#常见追问'");
        await page.WaitForFunctionAsync("() => { const r = document.getElementById('常见追问').getBoundingClientRect(); return r.top >= 0 && r.top < 200; }");
        var after = await heading.BoundingBoxAsync();
        Assert.InRange(after!.Y, 0, 200);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Image_and_chinese_font_render()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/a/two-3x3-receptive-field");
        var img = page.Locator(".article-body img");
        await img.WaitForAsync();
        var width = await img.EvaluateAsync<int>("i => i.complete ? i.naturalWidth : 0");
        Assert.True(width > 0, "SVG figure loaded");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Dark_mode_toggle_persists_and_missing_pages_are_friendly()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.ClickAsync(".theme-toggle");
        var theme = await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme");
        Assert.Contains(theme, new[] { "dark", "light" });
        await page.ReloadAsync();
        Assert.Equal(theme, await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));

        var response = await page.GotoAsync("/a/no-such-article");
        Assert.Equal(404, response!.Status);
        Assert.Equal("页面不存在", await page.InnerTextAsync("h1"));
        // The 404 itself is reported by Chromium as a console error; nothing else may be.
        Assert.All(errors, e => Assert.Contains("404", e, StringComparison.Ordinal));
    }
}
