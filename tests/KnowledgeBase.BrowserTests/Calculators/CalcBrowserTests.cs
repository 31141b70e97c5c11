using KnowledgeBase.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace KnowledgeBase.BrowserTests.Calculators;

/// <summary>The calculators as a reader uses them: /calc forms, the API reference, and a calc block in an article.</summary>
[Collection(BrowserCollection.Name)]
public class CalcBrowserTests(BrowserFixture fixture)
{
    /// <summary>Chromium asks for /favicon.ico, which the site does not have (not this feature's business).</summary>
    private static List<string> Real(List<string> errors) => errors.Where(e => !e.Contains("status of 404", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task Calc_page_computes_on_load_and_on_preset()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/calc");
        var paramsResult = page.Locator("#params .calc-result");
        await paramsResult.Locator("table").WaitForAsync();
        Assert.Contains("4 × [2 × (2 + 3) + 2 × 2] = 56", await paramsResult.InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "BiGRU + LSTM" }).ClickAsync();
        await Assertions.Expect(paramsResult.Locator("dd").First).ToHaveTextAsync("12,620");

        await page.Locator("#pool .calc-result .calc-grid").First.WaitForAsync();
        Assert.Equal(3, await page.Locator("#pool .calc-result .calc-grid").CountAsync()); // output, indices, gradient
        await page.Locator("#normalization .calc-result dl").WaitForAsync();
        Assert.Empty(Real(errors));
    }

    [Fact]
    public async Task Calc_page_shows_the_field_of_a_bad_input()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/calc");
        await page.Locator("#params .calc-result table").WaitForAsync();
        await page.Locator("#params textarea[name=layers]").FillAsync("""[{"type": "conv2d", "inChannels": 3, "outChannels": 4, "kernelSize": 3, "groups": 2}]""");
        await page.Locator("#params button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#params .calc-error")).ToContainTextAsync("layers[0].groups");
        // The 400 itself is logged by the browser as a failed resource.
        Assert.True(Real(errors).All(e => e.Contains("status of 400", StringComparison.Ordinal)), string.Join("\n", errors));
    }

    [Fact]
    public async Task Api_reference_lists_operations_and_sends_requests_offline()
    {
        var (page, errors) = await fixture.NewPageAsync();
        var external = new List<string>();
        var notFound = new List<string>();
        page.Request += (_, r) => { if (!r.Url.StartsWith(fixture.BaseUrl, StringComparison.Ordinal)) { external.Add(r.Url); } };
        page.Response += (_, r) => { if (r.Status == 404) { notFound.Add(r.Url); } };
        await page.GotoAsync("/api-docs");
        var op = page.Locator(".api-op", new() { HasText = "/api/calc/params" });
        await op.WaitForAsync();
        Assert.True(await page.Locator(".api-op").CountAsync() >= 6);
        await op.Locator("button.calc-run").ClickAsync();
        await Assertions.Expect(op.Locator("pre.calc-json").Last).ToContainTextAsync("\"totalParams\"");
        Assert.Empty(external);
        Assert.All(notFound, u => Assert.EndsWith("/favicon.ico", u));
        Assert.Empty(Real(errors));
    }

    [Fact]
    public async Task Calc_block_in_an_article_becomes_a_live_widget()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/a/rnn-lstm-gru-params");
        // Render a calc fence as Markdig does, then run the widget script over it once more.
        await page.EvaluateAsync("""
            () => new Promise(done => {
                const pre = document.createElement("pre");
                pre.innerHTML = '<code class="language-calc">{"endpoint": "params", "request": {"convention": "keras", "layers": [{"type": "lstm", "inputSize": 3, "hiddenSize": 2}]}}</code>';
                document.querySelector(".article-body").appendChild(pre);
                const s = document.createElement("script");
                s.src = "/js/calc-embed.js?again";
                s.onload = done;
                document.body.appendChild(s);
            })
            """);
        var widget = page.Locator(".calc-embed").Last;
        await Assertions.Expect(widget.Locator(".calc-result")).ToContainTextAsync("4 × [2 × (2 + 3) + 2] = 48");

        await widget.Locator("summary").ClickAsync();
        await widget.Locator("textarea").FillAsync("""{"convention": "pytorch", "layers": [{"type": "lstm", "inputSize": 3, "hiddenSize": 2}]}""");
        await widget.Locator("button.calc-run").ClickAsync();
        await Assertions.Expect(widget.Locator(".calc-result")).ToContainTextAsync("= 56");
        Assert.Empty(Real(errors));
    }
}
