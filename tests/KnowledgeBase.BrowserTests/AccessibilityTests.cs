using KnowledgeBase.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KnowledgeBase.BrowserTests;

/// <summary>
/// axe-core over every page kind of the site, in the light and the dark colour scheme: no serious or critical
/// violation. Each page is loaded once, brought to the state a reader sees (scripts done: math typeset, code
/// highlighted, calculator results shown, answer revealed), scanned, switched to dark and scanned again.
/// /calc and the /calculators/* pages are scanned (light, dark, phone) by CalcBrowserTests.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture)
{
    public static TheoryData<string> Pages() =>
    [
        "/",
        "/c/params",
        "/t/LSTM",
        "/a/rnn-lstm-gru-params",            // math, highlighted Python, tables
        "/a/iterators-generators-decorators", // the most highlighted code
        "/a/pooling-backprop",               // calculator widgets and figures
        "/search?q=LSTM参数量",
        "/practice",
        "/api-docs",
        "/account/login",
        "/a/no-such-article",                // the status page of a 404
        "/Error",
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_has_no_serious_violations_in_light_and_dark(string path)
    {
        var (page, _) = await fixture.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync(path);
        await SettleAsync(page, path);

        var report = new List<string>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = scheme });
            var violations = await Axe.SeriousViolationsAsync(page);
            if (violations.Count > 0) { report.Add($"[{scheme}]\n{Axe.Describe(violations)}"); }
        }
        Assert.True(report.Count == 0, $"axe on {path}:\n{string.Join("\n", report)}");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The theme toggle against the system scheme (its colours come from data-theme, not the media query), on a
    /// phone, where wide code and tables scroll sideways and must be reachable with the keyboard.
    /// </summary>
    [Theory]
    [InlineData("dark", "light")]
    [InlineData("light", "dark")]
    public async Task Article_on_a_phone_with_the_theme_toggled_against_the_system_has_no_serious_violations(string theme, string system)
    {
        var (page, _) = await fixture.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = system == "dark" ? ColorScheme.Dark : ColorScheme.Light });
        await page.GotoAsync("/");
        await page.EvaluateAsync("t => localStorage.setItem('kb-theme', t)", theme);
        const string path = "/a/rnn-lstm-gru-params";
        await page.GotoAsync(path);
        Assert.Equal(theme, await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
        await SettleAsync(page, path);
        Assert.True(await page.Locator("main [data-kb-scroll]").CountAsync() > 0, "something scrolls sideways on a phone and was made focusable");

        await Axe.AssertNoSeriousViolationsAsync(page, $"{theme} theme on a {system} system, phone");
        await page.Context.CloseAsync();
    }

    /// <summary>Waits until the page's scripts have produced what the reader sees, so that is what gets scanned.</summary>
    private static async Task SettleAsync(IPage page, string path)
    {
        // Script-loaded parts (calculator results, the API reference) are in once the network is quiet.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        if (path.StartsWith("/a/", StringComparison.Ordinal) && path != "/a/no-such-article")
        {
            await page.WaitForSelectorAsync(".article-body .katex, .article-body pre code.hljs");
        }
        else if (path == "/practice")
        {
            // Marked 不会 (moves on), back to it, answer revealed: the status label and the answer are scanned too.
            await page.ClickAsync("#practice-unknown");
            await page.ClickAsync("#practice-prev");
            await Expect(page.Locator("#practice-status.status-unknown")).ToBeVisibleAsync();
            await page.ClickAsync("#practice-reveal");
            await Expect(page.Locator("#practice-answer-body")).Not.ToBeEmptyAsync();
        }
        else if (path == "/api-docs")
        {
            await page.WaitForSelectorAsync("#api-docs .api-op");
        }
        // Collapsed parts (request editors, schemas) are scanned open.
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");
        await NextFramesAsync(page);
    }

    /// <summary>Two animation frames: site.js marks scroll boxes on the frame after a change.</summary>
    private static Task NextFramesAsync(IPage page) =>
        page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
}
