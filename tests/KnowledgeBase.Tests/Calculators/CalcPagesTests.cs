using System.Net;
using KnowledgeBase.Calculators;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Calculators;

/// <summary>The people-facing side: /calc, the offline API reference and the article widget script.</summary>
[Collection(ContentHost.Name)]
public class CalcPagesTests(KbFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Calc_page_has_a_form_per_endpoint_in_chinese_and_english()
    {
        var zh = WebUtility.HtmlDecode(await _client.GetStringAsync("/calc"));
        Assert.Equal(5, CalculatorsApi.Endpoints.Count);
        foreach (var endpoint in CalculatorsApi.Endpoints)
        {
            Assert.Contains($"data-endpoint=\"{endpoint.Name}\"", zh);
            Assert.Contains($"id=\"{endpoint.Name}\"", zh);
            Assert.Contains($"<a href=\"#{endpoint.Name}\">{endpoint.Title}</a>", zh);
        }
        Assert.Contains("<h2 id=\"params-h\">参数量</h2>", zh);
        Assert.Contains("/js/calc.js", zh);
        Assert.Contains("/js/calc-embed.js", zh);
        var en = WebUtility.HtmlDecode(await _client.GetStringAsync("/calc?culture=en"));
        Assert.Contains("<h2 id=\"params-h\">Parameter count</h2>", en);
        Assert.Contains("<a href=\"/calc\">Calculators</a>", en);
    }

    [Fact]
    public async Task Api_reference_is_served_without_external_resources()
    {
        var html = await _client.GetStringAsync("/api-docs");
        Assert.Contains("/js/api-docs.js", html);
        Assert.DoesNotContain("https://", html.Replace("https://tools.ietf.org", "", StringComparison.Ordinal));
        var js = await _client.GetStringAsync("/js/api-docs.js");
        Assert.Contains("/openapi/v1.json", js);
        Assert.DoesNotContain("http", js);
    }

    [Fact]
    public async Task Calculator_scripts_are_served()
    {
        foreach (var path in new[] { "/js/calc.js", "/js/calc-embed.js" })
        {
            var response = await _client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var embed = await _client.GetStringAsync("/js/calc-embed.js");
        Assert.Contains("language-calc", embed);
        // The widget script renders answers of exactly the server's calculators (its list is its renderers' keys).
        var renderers = embed[embed.IndexOf("var renderers = {", StringComparison.Ordinal)..embed.IndexOf("function renderError", StringComparison.Ordinal)];
        var names = System.Text.RegularExpressions.Regex.Matches(renderers, "^        \"([a-z-]+)\": function", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value);
        Assert.Equal(CalculatorsApi.Endpoints.Select(e => e.Name), names);
    }
}
