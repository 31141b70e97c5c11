using System.Net;
using KnowledgeBase.Calculators;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Calculators;

/// <summary>The people-facing side: the /calc index, the offline API reference and the calculator script.</summary>
[Collection(ContentHost.Name)]
public class CalcPagesTests(KbFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Calc_page_links_every_calculator_page_in_chinese_and_english()
    {
        var zh = WebUtility.HtmlDecode(await _client.GetStringAsync("/calc"));
        Assert.Equal(5, CalculatorsApi.Endpoints.Count);
        foreach (var endpoint in CalculatorsApi.Endpoints)
        {
            Assert.Contains($"<h2><a href=\"/calculators/{endpoint.Name}\">{endpoint.Title}</a></h2>", zh);
            var page = await _client.GetAsync($"/calculators/{endpoint.Name}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        var en = WebUtility.HtmlDecode(await _client.GetStringAsync("/calc?culture=en"));
        Assert.Contains("<h2><a href=\"/calculators/params\">Parameter count</a></h2>", en);
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
    public async Task Calculator_script_and_styles_are_served()
    {
        var js = await _client.GetStringAsync("/js/calculators.js");
        Assert.Contains("\"/api/calc/\"", js);
        Assert.Contains("[data-calc-output]", js);
        var css = await _client.GetAsync("/css/calculators.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
    }
}
