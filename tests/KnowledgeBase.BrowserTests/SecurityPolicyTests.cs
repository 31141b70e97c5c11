using KnowledgeBase.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace KnowledgeBase.BrowserTests;

/// <summary>The Content-Security-Policy is strict (no inline script) and the site still works under it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SecurityPolicyTests(BrowserFixture fixture)
{
    /// <summary>
    /// Records CSP violations from inside the page: an init script comes from the browser's debugging
    /// protocol, not from the page, so the policy does not apply to it.
    /// </summary>
    private static async Task<IPage> WatchViolations(IPage page)
    {
        await page.AddInitScriptAsync("""
            window.__csp = [];
            document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
            """);
        return page;
    }

    private static async Task<string[]> Violations(IPage page) => await page.EvaluateAsync<string[]>("() => window.__csp");

    [Theory]
    [InlineData("/a/rnn-lstm-gru-params")]      // math and a Python block
    [InlineData("/a/softmax-cross-entropy")]    // display math
    public async Task Article_with_math_and_code_renders_without_csp_violations(string url)
    {
        var (page, errors) = await fixture.NewPageAsync();
        await WatchViolations(page);
        var response = await page.GotoAsync(url);
        Assert.Contains("script-src 'self'", response!.Headers["content-security-policy"], StringComparison.Ordinal);

        await page.WaitForSelectorAsync(".article-body .katex");
        Assert.True(await page.Locator(".article-body .katex").CountAsync() > 0);
        Assert.Equal(0, await page.Locator(".article-body .katex-error").CountAsync());
        await page.WaitForSelectorAsync(".article-body pre code.hljs");
        Assert.True(await page.Locator(".article-body pre code [class^='hljs-']").CountAsync() > 0);
        // KaTeX's fonts loaded (a blocked font would fall back to a system face silently).
        Assert.True(await page.EvaluateAsync<bool>("async () => { await document.fonts.ready; return document.fonts.check('16px KaTeX_Main'); }"));

        Assert.Empty(await Violations(page));
        Assert.DoesNotContain(errors, e => e.Contains("Content Security Policy", StringComparison.Ordinal));
        Assert.Empty(errors);

        // The watcher works and the policy is enforced: an injected inline script is refused and reported.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.head.appendChild(s); }");
        await page.WaitForFunctionAsync("() => window.__csp.length > 0");
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__ran"));
        Assert.Contains(await Violations(page), v => v.StartsWith("script-src", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Saved_dark_theme_applies_before_paint_from_a_script_file()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await WatchViolations(page);
        await page.GotoAsync("/");
        await page.ClickAsync(".theme-toggle");
        var chosen = await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme");
        await page.GotoAsync("/c/cnn");
        Assert.Equal(chosen, await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
        Assert.Empty(await Violations(page));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("/practice")]
    [InlineData("/calc")]
    [InlineData("/calculators/pool")]
    [InlineData("/calculators/params")]
    [InlineData("/search?q=BN")]
    [InlineData("/api-docs")]
    public async Task Other_pages_raise_no_csp_violations(string url)
    {
        var (page, errors) = await fixture.NewPageAsync();
        await WatchViolations(page);
        await page.GotoAsync(url);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Empty(await Violations(page));
        Assert.Empty(errors);
    }
}
