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

    /// <summary>Cells of the table with class <paramref name="cssClass"/>: rows of (row header, cells…), body rows only.</summary>
    internal static List<string[]> Rows(string html, string cssClass)
    {
        var table = Regex.Match(html, $"<table class=\"calc-table {cssClass}\">.*?<tbody>(.*?)</tbody>", RegexOptions.Singleline).Groups[1].Value;
        return Regex.Matches(table, "<tr[^>]*>(.*?)</tr>", RegexOptions.Singleline)
            .Select(r => Regex.Matches(r.Groups[1].Value, "<t[hd][^>]*>(.*?)</t[hd]>").Select(c => WebUtility.HtmlDecode(c.Groups[1].Value)).ToArray())
            .ToList();
    }

    [Fact]
    public async Task Params_presets_show_pytorchs_counts_and_shapes()
    {
        var golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "KnowledgeBase.Tests", "Calculators", "golden", "params_presets.json")));
        var ran = 0;
        foreach (var c in golden.RootElement.GetProperty("cases").EnumerateArray())
        {
            var preset = ParamsTable.Presets.Single(p => p.Id == c.GetProperty("id").GetString());
            Assert.True(JsonNode.DeepEquals(preset.Request, JsonNode.Parse(c.GetProperty("request").GetRawText())), preset.Id);
            var html = await Page(Url("params", c.GetProperty("request")));
            var total = Regex.Match(html, "data-total>([^<]*)<").Groups[1].Value;
            Assert.Equal(c.GetProperty("totalParams").GetInt64().ToString("N0", System.Globalization.CultureInfo.InvariantCulture), total);
            var rows = Rows(html, "params-table");
            var layers = c.GetProperty("layers").EnumerateArray().ToArray();
            Assert.Equal(layers.Length, rows.Count);
            for (var i = 0; i < layers.Length; i++)
            {
                Assert.Equal(layers[i].GetProperty("params").GetInt64().ToString("N0", System.Globalization.CultureInfo.InvariantCulture), rows[i][3]);
                Assert.Equal("[" + string.Join(", ", Golden.Longs(layers[i].GetProperty("outputShape"))) + "]", rows[i][2]);
            }
            ran++;
        }
        Assert.True(ran >= 7);
    }

    [Fact]
    public async Task Params_keras_preset_shows_where_the_conventions_differ()
    {
        var preset = ParamsTable.Presets.Single(p => p.Id == "bigru-lstm");
        var html = await Page(CalcPictures.PagePath("params") + CalcForm.FromJson(preset.Request.DeepClone()).ToQuery());
        var keras = ParamsCalculator.Calculate(CalcJson.ParseParams(JsonDocument.Parse(preset.Request.ToJsonString()).RootElement));
        var pytorch = ParamsCalculator.Calculate(CalcJson.ParseParams(JsonDocument.Parse(preset.Request.ToJsonString().Replace("\"keras\"", "\"pytorch\"")).RootElement));
        var rows = Rows(html, "params-table");
        Assert.Equal(2, rows.Count);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(keras.Layers[i].Params.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), rows[i][3]);
            Assert.StartsWith(pytorch.Layers[i].Params.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " — ", rows[i][6]);
            Assert.Contains("b_ih", rows[i][6]);
        }
    }

    [Fact]
    public async Task Params_page_shows_an_invalid_layer_argument_next_to_it()
    {
        var html = await Page("/calculators/params?convention=pytorch&layers%5B0%5D.type=conv2d&layers%5B0%5D.inChannels=3&layers%5B0%5D.outChannels=4&layers%5B0%5D.kernelSize=3&layers%5B0%5D.groups=2");
        var expected = Assert.Throws<CalcException>(() => ParamsCalculator.Calculate(new ParamsRequest("pytorch", null,
            [new LayerSpec { Type = "conv2d", InChannels = 3, OutChannels = 4, KernelSize = [3], Groups = 2 }])));
        Assert.Equal("layers[0].groups", expected.Field);
        Assert.Equal(expected.Message, ErrorAt(html, "layers[0].groups"));
        Assert.Contains("修正上面标出的输入", html);
    }

    [Fact]
    public async Task Params_rows_are_added_moved_and_removed_without_javascript()
    {
        var response = await _client.GetAsync("/calculators/params?convention=pytorch&layers%5B0%5D.type=linear&layers%5B0%5D.inFeatures=3&layers%5B0%5D.outFeatures=4&layers%5B1%5D.type=relu&op=up:1");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/calculators/params?convention=pytorch&layers[0].type=relu&layers[1].type=linear&layers[1].inFeatures=3&layers[1].outFeatures=4",
            WebUtility.UrlDecode(response.Headers.Location!.OriginalString));
        response = await _client.GetAsync("/calculators/params?layers%5B0%5D.type=relu&layers%5B1%5D.type=gelu&op=remove:0");
        Assert.Equal("/calculators/params?layers[0].type=gelu", WebUtility.UrlDecode(response.Headers.Location!.OriginalString));
        response = await _client.GetAsync("/calculators/params?layers%5B0%5D.type=relu&op=add");
        Assert.Equal("/calculators/params?layers[0].type=relu&layers[1].type=linear", WebUtility.UrlDecode(response.Headers.Location!.OriginalString));
    }

    [Fact]
    public async Task Receptive_field_page_equals_the_golden_vectors()
    {
        var ran = 0;
        foreach (var c in Golden.Cases("receptive_field.json").Where(c => c.TryGetProperty("receptiveField", out _)
                     && c.GetProperty("request").GetProperty("layers").GetArrayLength() <= ReceptiveFieldModelMaxRows).Take(20))
        {
            var html = await Page(Url("receptive-field", c.GetProperty("request")));
            var rows = Rows(html, "rf-table");
            var last = rows[^1];
            Assert.Equal(c.GetProperty("receptiveField").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), last[4]);
            Assert.Equal(c.GetProperty("jump").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), last[5]);
            Assert.Equal(Svg.Num(c.GetProperty("start").GetDouble()), last[6]);
            if (c.TryGetProperty("outputSizes", out var sizes))
            {
                Assert.Equal(sizes.EnumerateArray().Select(v => v.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r[3]));
            }
            ran++;
        }
        Assert.True(ran >= 10);
    }

    private const int ReceptiveFieldModelMaxRows = KnowledgeBase.Pages.Calculators.ReceptiveFieldModel.MaxRows;

    [Fact]
    public async Task Receptive_field_drawing_shows_three_3x3_convolutions_seeing_7_pixels()
    {
        var html = await Page("/calculators/receptive-field");
        var input = Regex.Match(html, "<g class=\"level\" data-level=\"0\">(.*?)</g>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(7, Regex.Matches(input, "class=\"cell seen\"").Count);
        Assert.Equal(16, Regex.Matches(input, "class=\"cell").Count);
    }

    [Fact]
    public async Task Batchnorm_page_equals_the_golden_vectors()
    {
        var ran = 0;
        foreach (var c in Golden.Cases("batchnorm.json").Where(c => c.TryGetProperty("steps", out _)).Take(40))
        {
            var request = c.GetProperty("request");
            var batches = request.GetProperty("batches");
            if (batches.GetArrayLength() > 8 || batches.EnumerateArray().Any(b => b.GetArrayLength() > 16 || b[0].GetArrayLength() > 8)) { continue; }
            var html = await Page(Url("batchnorm", request));
            var tables = Regex.Matches(html, "<table class=\"calc-table bn-stats\">.*?</table>", RegexOptions.Singleline).Select(m => m.Value).ToArray();
            var steps = c.GetProperty("steps").EnumerateArray().ToArray();
            Assert.Equal(steps.Length, tables.Length);
            for (var b = 0; b < steps.Length; b++)
            {
                var rows = Rows(tables[b], "bn-stats");
                var j = 0;
                foreach (var (mean, rm, rv) in steps[b].GetProperty("batchMean").EnumerateArray().Zip(steps[b].GetProperty("runningMean").EnumerateArray(), steps[b].GetProperty("runningVar").EnumerateArray()))
                {
                    Assert.Equal(Svg.Num(mean.GetDouble()), rows[j][1]);
                    Assert.Equal(Svg.Num(rm.GetDouble()), rows[j][4]);
                    Assert.Equal(Svg.Num(rv.GetDouble()), rows[j][5]);
                    j++;
                }
            }
            ran++;
        }
        Assert.True(ran >= 10);
    }

    [Fact]
    public async Task Normalization_page_counts_equal_the_api_and_highlight_one_set()
    {
        var ran = 0;
        foreach (var c in Golden.Cases("normalization.json").Take(30))
        {
            var request = JsonNode.Parse(c.GetProperty("request").GetRawText())!.AsObject();
            request.Remove("input");
            var html = await Page(CalcPictures.PagePath("normalization") + CalcForm.FromJson(request).ToQuery());
            var engine = NormalizationCalculator.Calculate(CalcJson.ParseNormalization(JsonDocument.Parse(request.ToJsonString()).RootElement));
            var rows = Rows(html, "norm-table");
            Assert.Equal(engine.StatisticSets.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), rows[1][1]);
            Assert.Equal(engine.ElementsPerSet.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), rows[2][1]);
            Assert.Equal(engine.AffineParams.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), rows[4][1]);
            long s = 1;
            foreach (var v in engine.Shape.Skip(2)) { s *= v; }
            if (engine.Shape[0] <= NormalizationPicture.MaxN && engine.Shape[1] <= NormalizationPicture.MaxC && s <= NormalizationPicture.MaxS)
            {
                Assert.Equal(engine.ElementsPerSet, Regex.Matches(html, "class=\"cell set\"").Count);
            }
            ran++;
        }
        Assert.True(ran >= 10);
    }

    [Fact]
    public async Task Article_calc_block_is_drawn_on_the_server_with_a_link_carrying_its_inputs()
    {
        var html = await Page("/a/rnn-lstm-gru-params");
        var embed = Regex.Match(html, "<div class=\"calc-embed\" data-calc=\"params\">.*?</details></div>", RegexOptions.Singleline).Value;
        Assert.NotEmpty(embed);
        var link = WebUtility.HtmlDecode(Regex.Match(embed, "<a href=\"([^\"]*)\" data-calc-link>").Groups[1].Value);
        Assert.StartsWith("/calculators/params?", link);
        var total = Regex.Match(embed, "data-total>([^<]*)<").Groups[1].Value;
        var block = ParamsCalculator.Calculate(new ParamsRequest("keras", null, [new LayerSpec { Type = "lstm", InputSize = 3, HiddenSize = 2 }]));
        Assert.Equal(block.TotalParams.ToString(System.Globalization.CultureInfo.InvariantCulture), total); // the article's first block
        var page = await Page(link);
        Assert.Equal(total, Regex.Match(page, "data-total>([^<]*)<").Groups[1].Value);
        Assert.Equal(Rows(embed, "params-table").Select(r => string.Join("|", r)), Rows(page, "params-table").Select(r => string.Join("|", r)));
    }
}
