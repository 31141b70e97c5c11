using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Articles;

[Collection(ContentHost.Name)]
public sealed class ArticlesApiTests(KbFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task List_has_every_article_with_the_contract_fields()
    {
        var list = await _client.GetFromJsonAsync<JsonElement>("/api/articles");
        var files = Directory.EnumerateDirectories(RepoPaths.Content).SelectMany(d => Directory.EnumerateFiles(d, "*.md")).Count();
        Assert.True(files > 0, "content/ has no articles");
        Assert.Equal(files, list.GetArrayLength());
        foreach (var item in list.EnumerateArray())
        {
            foreach (var name in new[] { "slug", "title", "titleEn", "category", "tags", "url", "updated" })
            {
                Assert.True(item.TryGetProperty(name, out _), $"missing {name}");
            }
            Assert.Equal("/a/" + item.GetProperty("slug").GetString(), item.GetProperty("url").GetString());
            Assert.Equal(JsonValueKind.Array, item.GetProperty("tags").ValueKind);
            Assert.True(DateTimeOffset.TryParse(item.GetProperty("updated").GetString(), out _));
        }
    }

    [Fact]
    public async Task Detail_has_markdown_html_keywords_and_tags()
    {
        var a = await _client.GetFromJsonAsync<JsonElement>("/api/articles/rnn-lstm-gru-params");
        Assert.Equal("rnn-lstm-gru-params", a.GetProperty("slug").GetString());
        Assert.Equal("params", a.GetProperty("category").GetString());
        Assert.Equal("/a/rnn-lstm-gru-params", a.GetProperty("url").GetString());
        Assert.Contains("LSTM", a.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.True(a.GetProperty("keywords").GetArrayLength() >= 3);
        Assert.Contains("## 答案要点", a.GetProperty("markdown").GetString(), StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"答案要点\">", a.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(a.GetProperty("titleEn").GetString()));
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("%E4%B8%8D%E5%AD%98%E5%9C%A8")]
    [InlineData("a'%20OR%20'1'%3D'1")]
    public async Task Unknown_slug_is_a_404_problem(string slug)
    {
        var response = await _client.GetAsync("/api/articles/" + slug);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal("slug", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Unknown_api_route_is_a_problem_not_a_page()
    {
        var response = await _client.GetAsync("/api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
