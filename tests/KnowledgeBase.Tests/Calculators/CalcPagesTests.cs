using System.Net;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Calculators;

/// <summary>The people-facing side: /calc, the offline API reference and the article widget script.</summary>
public class CalcPagesTests(CalculatorsApiTests.Factory factory) : IClassFixture<CalculatorsApiTests.Factory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Calc_page_has_a_form_per_endpoint_in_chinese_and_english()
    {
        var zh = WebUtility.HtmlDecode(await _client.GetStringAsync("/calc"));
        foreach (var endpoint in new[] { "params", "pool", "receptive-field", "batchnorm", "normalization" })
        {
            Assert.Contains($"data-endpoint=\"{endpoint}\"", zh);
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
        Assert.Contains("language-calc", await _client.GetStringAsync("/js/calc-embed.js"));
    }
}
