using System.Text.RegularExpressions;
using KnowledgeBase.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace KnowledgeBase.BrowserTests;

/// <summary>The header search box in a real browser, over the repository's content/.</summary>
[Collection(BrowserCollection.Name)]
public class SearchTests(BrowserFixture fx)
{
    private async Task<(IPage Page, List<string> Errors)> NewPageAsync()
    {
        var (page, errors) = await fx.NewPageAsync();
        // This branch predates main's favicon link; the browser's automatic /favicon.ico probe is not ours to test.
        await page.Context.RouteAsync("**/favicon.ico", r => r.FulfillAsync(new() { Status = 204 }));
        return (page, errors);
    }

    [Fact]
    public async Task Typing_shows_suggestions_and_enter_shows_highlighted_results()
    {
        var (page, errors) = await NewPageAsync();
        await page.GotoAsync("/");
        await page.Keyboard.PressAsync("/");
        var box = page.Locator("#site-search");
        Assert.True(await box.EvaluateAsync<bool>("el => el === document.activeElement"));

        await box.PressSequentiallyAsync("LSTM", new() { Delay = 40 });
        var option = page.Locator("#site-search-suggestions [role=option]").First;
        await option.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        Assert.Contains("LSTM", await option.InnerTextAsync());
        Assert.Equal("true", await box.GetAttributeAsync("aria-expanded"));

        // Nothing highlighted: Enter submits the form to the results page.
        await box.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex(@"/search\?q=LSTM$"));
        var mark = page.Locator(".search-snippet mark").First;
        await mark.WaitForAsync();
        // The highlight may fall on the abbreviation or on its synonym (长短期记忆) from synonyms.yml.
        Assert.Contains((await mark.InnerTextAsync()).ToLowerInvariant(), new[] { "lstm", "长短期记忆", "长短期记忆网络", "long short-term memory" });
        // Several articles are about LSTM; whichever ranks first must be one of them.
        var top = page.Locator(".search-title").First;
        Assert.StartsWith("/a/", await top.GetAttributeAsync("href"));
        Assert.Contains("LSTM", await top.InnerTextAsync());
        Assert.Matches(@"\d", await page.Locator("#search-count").InnerTextAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Arrow_keys_pick_a_suggestion_and_enter_opens_it()
    {
        var (page, errors) = await NewPageAsync();
        await page.GotoAsync("/");
        var box = page.Locator("#site-search");
        await box.ClickAsync();
        await box.PressSequentiallyAsync("感受野", new() { Delay = 40 });
        await page.Locator("#site-search-suggestions [role=option]").First.WaitForAsync();

        await box.PressAsync("ArrowDown");
        Assert.Equal("true", await page.Locator("#site-search-suggestions [role=option]").First.GetAttributeAsync("aria-selected"));
        await box.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/a/two-3x3-receptive-field$"));

        Assert.True(errors.Count == 0, string.Join("\n", errors));

        // The results page for a Chinese query highlights the word inside a sentence.
        await page.GotoAsync("/search?q=" + Uri.EscapeDataString("感受野"));
        var marks = await page.Locator(".search-snippet mark").AllInnerTextsAsync();
        Assert.Contains("感受野", marks);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("/search?q=")]
    [InlineData("/api/search?q=")]
    public async Task A_5000_character_chinese_query_passes_kestrel(string path)
    {
        // Real Kestrel (not TestServer) enforces a request-line limit; ~45 KB of encoded Chinese must get through.
        using var client = new HttpClient { BaseAddress = new Uri(fx.BaseUrl) };
        var response = await client.GetAsync(path + Uri.EscapeDataString(string.Concat(Enumerable.Repeat("梯度消失", 1250))));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
