using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KnowledgeBase.Calculators;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Calculators;

/// <summary>/calculators/{name} without JavaScript: the query string is the state, numbers come from the engine.</summary>
[Collection(ContentHost.Name)]
public partial class CalculatorPageTests(KbFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient(new() { AllowAutoRedirect = false });

    /// <summary>The page for a JSON request, as its "open in the calculator" link writes it.</summary>
    internal static string Url(string name, JsonElement request) =>
        CalcPictures.PagePath(name) + CalcForm.FromJson(JsonNode.Parse(request.GetRawText())).ToQuery();

    private async Task<string> Page(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The message of the error slot named <paramref name="slot"/> (empty when it shows none).</summary>
    internal static string ErrorAt(string html, string slot)
    {
        var m = Regex.Match(html, $"data-error-for=\"{Regex.Escape(WebUtility.HtmlEncode(slot))}\"[^>]*>([^<]*)<");
        Assert.True(m.Success, $"no error slot {slot}");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    private static string Panel(string html, string panel) => Regex.Match(html, $"<g class=\"panel {panel}\">(.*?)</g>(?=<g class=\"panel|</svg>)", RegexOptions.Singleline).Groups[1].Value;

    [Fact]
    public async Task Pool_page_marks_the_winning_cells_and_summed_gradients_of_pytorch()
    {
        // Golden max-pooling cases whose windows overlap (stride < kernel) and whose input has ties.
        var ran = 0;
        foreach (var c in Golden.Cases("pool.json"))
        {
            if (!c.TryGetProperty("indices", out _)) { continue; } // a case PyTorch refuses
            var request = c.GetProperty("request");
            var r = CalcJson.ParsePool(request);
            var k = PoolCalculator.Pair(r.KernelSize, [1, 1], "k");
            var s = PoolCalculator.Pair(r.Stride, k, "s");
            var values = r.Input.SelectMany(row => row).ToArray();
            if (r.Mode != "max" || (s[0] >= k[0] && s[1] >= k[1]) || values.Distinct().Count() == values.Length) { continue; }
            var html = await Page(Url("pool", request));
            var width = r.Input[0].Length;
            var expected = c.GetProperty("indices").EnumerateArray().SelectMany(row => row.EnumerateArray())
                .Select(i => $"{i.GetInt64() / width},{i.GetInt64() % width}").ToHashSet();
            var marked = Regex.Matches(Panel(html, "panel-in"), "class=\"cell win\" data-cell=\"(\\d+,\\d+)\"").Select(m => m.Groups[1].Value).ToHashSet();
            Assert.Equal(expected, marked);
            var grad = Regex.Matches(Panel(html, "panel-grad"), "<text[^>]*>([^<]*)</text>").Select(m => m.Groups[1].Value).ToArray();
            Assert.Equal(c.GetProperty("gradInput").EnumerateArray().SelectMany(row => row.EnumerateArray()).Select(v => Svg.Num(v.GetDouble())), grad);
            var outputs = Regex.Matches(Panel(html, "panel-out"), "<text x=\"[^\"]*\" y=\"[^\"]*\" class=\"v\">([^<]*)</text>").Select(m => m.Groups[1].Value);
            Assert.Equal(c.GetProperty("output").EnumerateArray().SelectMany(row => row.EnumerateArray()).Select(v => Svg.Num(v.GetDouble())), outputs);
            if (++ran == 25) { break; }
        }
        Assert.True(ran >= 5, $"only {ran} golden cases with ties and overlap");
    }

    [Fact]
    public async Task Pool_page_breaks_a_tie_like_pytorch()
    {
        // Every window of an all-equal input is a tie: the first cell (row-major) of each window wins.
        var html = await Page("/calculators/pool?mode=max&kernelSize=2&stride=1&rows=3&cols=3" +
            string.Concat(Enumerable.Range(0, 9).Select(i => $"&input%5B{i / 3}%5D%5B{i % 3}%5D=5")));
        var marked = Regex.Matches(Panel(html, "panel-in"), "class=\"cell win\" data-cell=\"(\\d+,\\d+)\"").Select(m => m.Groups[1].Value).Order();
        var engine = PoolCalculator.Calculate(new PoolRequest("max", [[5, 5, 5], [5, 5, 5], [5, 5, 5]], [2], [1]));
        Assert.Equal(engine.Indices!.SelectMany(row => row).Select(i => $"{i / 3},{i % 3}").Order(), marked);
        Assert.Equal(["0,0", "0,1", "1,0", "1,1"], marked);
    }

    [Fact]
    public async Task Pool_page_shows_an_invalid_field_next_to_it_and_keeps_the_form()
    {
        var html = await Page("/calculators/pool?mode=max&kernelSize=2&padding=3&rows=2&cols=2&input%5B0%5D%5B0%5D=1&input%5B0%5D%5B1%5D=2&input%5B1%5D%5B0%5D=3&input%5B1%5D%5B1%5D=4");
        var expected = Assert.Throws<CalcException>(() => PoolCalculator.Calculate(new PoolRequest("max", [[1, 2], [3, 4]], [2], Padding: [3])));
        Assert.Equal("padding", expected.Field);
        Assert.Equal(expected.Message, ErrorAt(html, "padding"));
        Assert.Equal("", ErrorAt(html, "kernelSize"));
        Assert.Matches("id=\"f-padding\" name=\"padding\" type=\"text\" value=\"3\"[^>]*aria-invalid=\"true\"", html);
        Assert.Contains("name=\"input[1][1]\" value=\"4\"", WebUtility.HtmlDecode(html));

        var cell = await Page("/calculators/pool?mode=max&kernelSize=2&rows=2&cols=2&input%5B0%5D%5B0%5D=1&input%5B0%5D%5B1%5D=x&input%5B1%5D%5B0%5D=3&input%5B1%5D%5B1%5D=4");
        Assert.StartsWith("input[0][1]: ", ErrorAt(cell, "input"));
        Assert.Contains("name=\"input[0][1]\" value=\"x\"", WebUtility.HtmlDecode(cell));
    }

    [Fact]
    public async Task Pool_random_redirects_to_a_url_holding_every_value()
    {
        var response = await _client.GetAsync("/calculators/pool?handler=random&rows=3&cols=2");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = WebUtility.UrlDecode(response.Headers.Location!.OriginalString);
        Assert.Equal(6, Regex.Matches(location, @"input\[\d\]\[\d\]=-?\d").Count);
        Assert.DoesNotContain("handler", location);
    }
}
