using System.Net;
using System.Text;
using System.Text.Json;
using KnowledgeBase.Tests.Infrastructure;
using Markdig.Syntax;

namespace KnowledgeBase.Tests.Content;

/// <summary>
/// Every ```calc block in content/ is a live widget on its page: its request must be one the calculator API
/// accepts, or readers would see an error box instead of the number.
/// </summary>
[Collection(ContentHost.Name)]
public sealed class CalcBlocksTests(KbFactory factory)
{
    public static TheoryData<string, int> Blocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var path in ContentLint.ArticlePaths(RepoPaths.Content))
        {
            var article = ContentLint.Load(RepoPaths.Content, path);
            var count = article.Document.Descendants<FencedCodeBlock>().Count(b => b.Info == "calc");
            for (var i = 0; i < count; i++) { data.Add(path, i); }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public async Task Calc_block_request_is_accepted_by_the_api(string path, int index)
    {
        var article = ContentLint.Load(RepoPaths.Content, path);
        var block = article.Document.Descendants<FencedCodeBlock>().Where(b => b.Info == "calc").ElementAt(index);
        using var json = JsonDocument.Parse(block.Lines.ToString());
        var endpoint = json.RootElement.GetProperty("endpoint").GetString();
        var body = json.RootElement.GetProperty("request").GetRawText();

        var response = await factory.CreateClient().PostAsync($"/api/calc/{endpoint}", new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} calc block {index + 1} (line {article.FileLine(block.Line)}): {(int)response.StatusCode} {text}");
    }
}
