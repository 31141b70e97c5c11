using System.Globalization;
using System.Text.Json;
using KnowledgeBase.BrowserTests.Infrastructure;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.Playwright;

namespace KnowledgeBase.BrowserTests.Calculators;

/// <summary>
/// The calculator pages as a reader uses them: change an input, the numbers the page shows are the ones the JSON API
/// answered; the address bar then holds a state that, opened without JavaScript, shows the same result. Also the article
/// embed, hover on the pooling picture, the API reference, an accessibility scan (light and dark) and screenshots.
/// </summary>
[Collection(BrowserCollection.Name)]
public class CalcBrowserTests(BrowserFixture fixture)
{
    /// <summary>Chromium asks for /favicon.ico, which the site does not have (not this feature's business).</summary>
    private static List<string> Real(List<string> errors) => errors.Where(e => !e.Contains("status of 404", StringComparison.Ordinal)).ToList();

    /// <summary>The numbers a page shows as the server formats them (Svg.Num: 4 decimals, "−").</summary>
    private static string Num(double v)
    {
        var r = Math.Round(v, 4);
        return (r == 0 ? 0 : r).ToString("0.####", CultureInfo.InvariantCulture).Replace('-', '−');
    }

    /// <summary>Does <paramref name="change"/> on the page and returns the JSON body of the API answer it caused.</summary>
    private static async Task<JsonElement> ChangeAsync(IPage page, string endpoint, Func<Task> change, string? mustSend = null)
    {
        var response = await page.RunAndWaitForResponseAsync(change, r => r.Url.EndsWith("/api/calc/" + endpoint, StringComparison.Ordinal)
            && r.Request.Method == "POST" && (mustSend is null || (r.Request.PostData ?? "").Contains(mustSend, StringComparison.Ordinal)),
            new() { Timeout = 30_000 });
        Assert.True(response.Ok, await response.TextAsync());
        var json = JsonDocument.Parse(await response.BodyAsync()).RootElement.Clone();
        await page.WaitForFunctionAsync("() => document.querySelector('form[data-calc]').dataset.state === 'ok'", null, new() { Timeout = 30_000 });
        return json;
    }

    /// <summary>The result as text, opened from <paramref name="url"/> with JavaScript off (the server alone computes it).</summary>
    private async Task<string> WithoutScriptAsync(string url)
    {
        var context = await fixture.Browser.NewContextAsync(new() { JavaScriptEnabled = false, BaseURL = fixture.BaseUrl, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        var text = await page.Locator("[data-calc-result]").InnerTextAsync();
        await context.CloseAsync();
        return text;
    }

    private async Task SameWithoutScriptAsync(IPage page)
    {
        var live = await page.Locator("[data-calc-result]").InnerTextAsync();
        Assert.Equal(live, await WithoutScriptAsync(page.Url));
    }

    [Fact]
    public async Task Pool_page_updates_live_from_the_api_and_the_url_holds_the_state()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/calculators/pool");
        var api = await ChangeAsync(page, "pool", () => page.Locator("#f-kernelSize").FillAsync("3"), mustSend: "gradOutput");
        var shown = await page.Locator(".panel-out text.v").AllTextContentsAsync();
        var expected = api.GetProperty("output").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => Num(v.GetDouble())).ToArray();
        Assert.Equal(expected, shown);
        // The upstream-gradient grid follows the new output shape.
        Assert.Equal(expected.Length, await page.Locator("[data-grid=gradOutput] input").CountAsync());
        var grad = await page.Locator(".panel-grad text").AllTextContentsAsync();
        Assert.Equal(api.GetProperty("gradInput").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => Num(v.GetDouble())), grad);
        Assert.Contains("kernelSize=3", page.Url, StringComparison.Ordinal);
        await SameWithoutScriptAsync(page);

        // Focus an output cell: its window and the cell it sends gradient to light up.
        await page.Locator(".panel-out .out").First.FocusAsync();
        await Assertions.Expect(page.Locator(".window.on")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".panel-grad .cell.tg")).ToHaveCountAsync(1);
        Assert.Empty(Real(errors));
    }

    [Fact]
    public async Task Pool_grid_grows_live_and_random_values_are_computed()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/calculators/pool");
        var api = await ChangeAsync(page, "pool", () => page.Locator("#f-rows").FillAsync("6"), mustSend: "gradOutput");
        Assert.Equal(6 * 4, await page.Locator("[data-grid=input] input").CountAsync());
        Assert.Equal(api.GetProperty("outputShape")[0].GetInt64() * api.GetProperty("outputShape")[1].GetInt64(), await page.Locator(".panel-out .out").CountAsync());
        api = await ChangeAsync(page, "pool", () => page.Locator("[data-random=input]").ClickAsync(), mustSend: "gradOutput");
        var shown = await page.Locator(".panel-out text.v").AllTextContentsAsync();
        Assert.Equal(api.GetProperty("output").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => Num(v.GetDouble())), shown);
        await SameWithoutScriptAsync(page);
        Assert.Empty(Real(errors));
    }

    [Fact]
    public async Task Pool_page_shows_a_bad_field_next_to_it_and_keeps_the_picture()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/calculators/pool");
        var response = await page.RunAndWaitForResponseAsync(() => page.Locator("#f-padding").FillAsync("5"),
            r => r.Url.EndsWith("/api/calc/pool", StringComparison.Ordinal), new() { Timeout = 30_000 });
        var problem = JsonDocument.Parse(await response.BodyAsync()).RootElement;
        Assert.Equal("padding", problem.GetProperty("field").GetString());
        await Assertions.Expect(page.Locator("[data-error-for=padding]")).ToHaveTextAsync(problem.GetProperty("detail").GetString()!);
        await Assertions.Expect(page.Locator("#f-padding")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(1, await page.Locator("[data-calc-result] svg").CountAsync());
        // The browser logs the 400 itself as a failed resource.
        Assert.True(Real(errors).All(e => e.Contains("status of 400", StringComparison.Ordinal)), string.Join("\n", errors));
    }

    [Fact]
    public async Task Params_page_updates_live_from_the_api()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/calculators/params");
        var api = await ChangeAsync(page, "params", () => page.Locator("[name='layers[2].outFeatures']").FillAsync("7"));
        await Assertions.Expect(page.Locator("[data-total]").First).ToHaveTextAsync(api.GetProperty("totalParams").GetInt64().ToString("N0", CultureInfo.InvariantCulture));
        await SameWithoutScriptAsync(page);

        // The convention switch: the Keras count of the LSTM preset next to PyTorch's.
        await page.GetByRole(AriaRole.Link, new() { Name = "LSTM 3→2 (Keras)" }).ClickAsync();
        var keras = await ChangeAsync(page, "params", () => page.Locator("#f-convention").SelectOptionAsync("pytorch"));
        await Assertions.Expect(page.Locator("[data-total]").First).ToHaveTextAsync(keras.GetProperty("totalParams").GetInt64().ToString("N0", CultureInfo.InvariantCulture));
        Assert.Empty(Real(errors));
    }

    [Fact]
    public async Task Changing_a_layer_type_lays_the_row_out_again_without_a_page_load()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/calculators/params");
        // A page load would drop this marker.
        await page.EvaluateAsync("() => { window.kbSamePage = true; }");
        var type = page.Locator("[name='layers[0].type']");
        await type.SelectOptionAsync("embedding");

        var field = page.Locator("[name='layers[0].numEmbeddings']");
        await field.WaitForAsync(new() { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => document.querySelector('form[data-calc]').dataset.state === 'ok'", null, new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.kbSamePage === true"));
        Assert.Contains("layers%5B0%5D.type=embedding", page.Url);
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement && document.activeElement.name === 'layers[0].type'"));
        await SameWithoutScriptAsync(page);

        // The new fields are live like the others.
        await page.Locator("[name='layers[0].embeddingDim']").FillAsync("5");
        var api = await ChangeAsync(page, "params", () => field.FillAsync("11"), mustSend: "\"numEmbeddings\":11");
        await Assertions.Expect(page.Locator("[data-total]").First).ToHaveTextAsync(api.GetProperty("totalParams").GetInt64().ToString("N0", CultureInfo.InvariantCulture));

        // A row button: one more layer, still the same page, and the address holds the new state (not the button).
        var rows = await page.Locator("select[name$='].type']").CountAsync();
        await page.Locator("button[name=op][value=add]").ClickAsync();
        await Assertions.Expect(page.Locator("select[name$='].type']")).ToHaveCountAsync(rows + 1, new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.kbSamePage === true"));
        Assert.DoesNotContain("op=", page.Url);
        await SameWithoutScriptAsync(page);
        Assert.Empty(Real(errors));
    }

    [Fact]
    public async Task Receptive_field_page_updates_live_from_the_api()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/calculators/receptive-field");
        var api = await ChangeAsync(page, "receptive-field", () => page.Locator("[name='layers[0].kernelSize']").FillAsync("5"));
        var last = page.Locator(".rf-table tbody tr").Last.Locator("td");
        await Assertions.Expect(last.Nth(3)).ToHaveTextAsync(api.GetProperty("receptiveField").GetInt64().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(api.GetProperty("receptiveField").GetInt64(), await page.Locator(".level[data-level='0'] .cell.seen").CountAsync());
        await SameWithoutScriptAsync(page);
        Assert.Empty(Real(errors));
    }

    [Fact]
    public async Task Batchnorm_page_updates_live_from_the_api()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/calculators/batchnorm");
        var api = await ChangeAsync(page, "batchnorm", () => page.Locator("#f-momentum").FillAsync("0.5"));
        var step = api.GetProperty("steps")[1];
        var row = page.Locator(".bn-stats").Nth(1).Locator("tbody tr").First.Locator("td");
        await Assertions.Expect(row.Nth(3)).ToHaveTextAsync(Num(step.GetProperty("runningMean")[0].GetDouble()));
        await Assertions.Expect(row.Nth(4)).ToHaveTextAsync(Num(step.GetProperty("runningVar")[0].GetDouble()));
        await SameWithoutScriptAsync(page);
        Assert.Empty(Real(errors));
    }

    [Fact]
    public async Task Normalization_page_updates_live_from_the_api()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/calculators/normalization");
        var api = await ChangeAsync(page, "normalization", () => page.Locator("#f-kind").SelectOptionAsync("instance"));
        var cells = page.Locator(".norm-table tbody tr td");
        await Assertions.Expect(cells.Nth(1)).ToHaveTextAsync(api.GetProperty("statisticSets").GetInt64().ToString("N0", CultureInfo.InvariantCulture));
        Assert.Equal(api.GetProperty("elementsPerSet").GetInt64(), await page.Locator(".norm-svg .cell.set").CountAsync());
        await SameWithoutScriptAsync(page);
        Assert.Empty(Real(errors));
    }

    [Fact]
    public async Task Calc_block_in_an_article_is_drawn_and_updates_live()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/a/rnn-lstm-gru-params");
        var embed = page.Locator(".calc-embed[data-calc=params]").First;
        await embed.Locator("summary").ClickAsync();
        var editor = embed.Locator("textarea[data-calc-request]");
        var request = (await editor.InputValueAsync()).Replace("\"keras\"", "\"pytorch\"", StringComparison.Ordinal);
        var response = await page.RunAndWaitForResponseAsync(() => editor.FillAsync(request),
            r => r.Url.EndsWith("/api/calc/params", StringComparison.Ordinal), new() { Timeout = 30_000 });
        var api = JsonDocument.Parse(await response.BodyAsync()).RootElement;
        await Assertions.Expect(embed.Locator("[data-total]").First).ToHaveTextAsync(api.GetProperty("totalParams").GetInt64().ToString("N0", CultureInfo.InvariantCulture), new() { Timeout = 30_000 });
        // The link carries the edited inputs into the calculator page.
        var href = await embed.Locator("a[data-calc-link]").GetAttributeAsync("href");
        Assert.Contains("convention=pytorch", href, StringComparison.Ordinal);
        Assert.Empty(Real(errors));
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

    public static TheoryData<string> Pages => new() { "/calc", "/calculators/params", "/calculators/pool", "/calculators/receptive-field", "/calculators/batchnorm", "/calculators/normalization" };

    /// <summary>No serious or critical axe violation, light and dark; the screenshots of docs/screenshots come from here.</summary>
    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Calculator_page_passes_an_accessibility_scan_light_and_dark(string path)
    {
        var name = path == "/calc" ? "calc-index" : "calc-" + path["/calculators/".Length..];
        foreach (var (scheme, viewport, suffix) in new[]
                 {
                     (ColorScheme.Light, new ViewportSize { Width = 1200, Height = 900 }, "light"),
                     (ColorScheme.Dark, new ViewportSize { Width = 1200, Height = 900 }, "dark"),
                     (ColorScheme.Light, new ViewportSize { Width = 390, Height = 844 }, "phone"),
                 })
        {
            var context = await fixture.Browser.NewContextAsync(new() { ColorScheme = scheme, ViewportSize = viewport, BaseURL = fixture.BaseUrl, Locale = "zh-CN" });
            var page = await context.NewPageAsync();
            var errors = new List<string>();
            page.Console += (_, msg) => { if (msg.Type == "error") { errors.Add(msg.Text); } };
            await page.GotoAsync(path);
            await Axe.AssertNoSeriousViolationsAsync(page, suffix);
            if (suffix == "phone")
            {
                // Phone layout: nothing wider than the screen but the scrolling grids and pictures.
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                Assert.True(overflow <= 1, $"{path} scrolls sideways by {overflow}px on a phone");
            }
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Root, "docs", "screenshots", $"{name}-{suffix}.png"), FullPage = suffix != "phone" });
            Assert.Empty(Real(errors));
            await context.CloseAsync();
        }
    }
}
