using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Common;

/// <summary>A content folder with more articles than one page holds: 120 in "big" (all tagged "shared"), 3 in "small".</summary>
public sealed class LargeContentHost : IDisposable
{
    public const int Big = 120;
    public const int Total = Big + 3;

    public LargeContentHost()
    {
        Content = Path.Combine(Path.GetTempPath(), "kb-content", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Content, "big"));
        Directory.CreateDirectory(Path.Combine(Content, "small"));
        File.WriteAllText(Path.Combine(Content, "categories.yml"), "- slug: big\n  name: 大类\n  order: 1\n- slug: small\n  name: 小类\n  order: 2\n");
        for (var i = 0; i < Big; i++)
        {
            // Distinct dates, so "newest first" has one answer; order: keeps the category order by number.
            File.WriteAllText(Path.Combine(Content, "big", $"q{i:D3}.md"),
                $"---\ntitle: 问题 {i:D3}\ntags: [shared]\norder: {i}\ndifficulty: {1 + i % 3}\nupdated: {new DateTime(2025, 1, 1).AddDays(i):yyyy-MM-dd}\n---\n## 答案要点\n\n第 {i} 题的答案。\n\n## 推导\n\n更长的解释。\n");
        }
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllText(Path.Combine(Content, "small", $"s{i}.md"), $"---\ntitle: 小题 {i}\nupdated: 2024-01-0{i + 1}\n---\n正文 {i}。\n");
        }
        Factory = new KbFactory(Content);
    }

    public string Content { get; }
    public KbFactory Factory { get; }

    public void Dispose()
    {
        Factory.Dispose();
        try { Directory.Delete(Content, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Lists that grow with the wiki: ?page=N on category, tag and recent pages; limit/offset on the JSON lists.</summary>
public sealed partial class PagingTests(LargeContentHost host) : IClassFixture<LargeContentHost>
{
    private readonly HttpClient _client = host.Factory.CreateClient();

    private async Task<string> Html(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static List<string> Items(string html) => ArticleLink().Matches(html).Select(m => m.Groups[1].Value).ToList();

    private static string? Rel(string html, string rel) => Regex.Match(html, $"<a rel=\"{rel}\" href=\"([^\"]+)\"") is { Success: true } m ? m.Groups[1].Value : null;

    [Theory]
    [InlineData("/c/big", LargeContentHost.Big)]
    [InlineData("/t/shared", LargeContentHost.Big)]
    [InlineData("/recent", LargeContentHost.Total)]
    public async Task Lists_page_by_fifty_with_prev_and_next_links(string path, int total)
    {
        var pages = (total + 49) / 50;
        var seen = new List<string>();
        for (var page = 1; page <= pages; page++)
        {
            var html = await Html(page == 1 ? path : $"{path}?page={page}");
            var items = Items(html);
            Assert.Equal(page < pages ? 50 : total - 50 * (pages - 1), items.Count);
            seen.AddRange(items);
            Assert.Contains($"<nav class=\"pagination\" aria-label=\"分页\">", html, StringComparison.Ordinal);
            Assert.Contains($"<span aria-current=\"page\">{page}</span>", html, StringComparison.Ordinal);
            Assert.Equal(page > 1 ? (page == 2 ? path : $"{path}?page={page - 1}") : null, Rel(html, "prev"));
            Assert.Equal(page < pages ? $"{path}?page={page + 1}" : null, Rel(html, "next"));
            Assert.Contains($"{total} 篇", html, StringComparison.Ordinal);
        }
        Assert.Equal(total, seen.Distinct().Count());
    }

    [Fact]
    public async Task Recent_lists_newest_first_and_the_home_page_links_it()
    {
        var first = Items(await Html("/recent"));
        Assert.Equal("/a/q119", first[0]);
        Assert.Equal("/a/q070", first[^1]);
        Assert.Contains("href=\"/recent\"", await Html("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_list_has_no_pager()
    {
        var html = await Html("/c/small");
        Assert.Equal(3, Items(html).Count);
        Assert.DoesNotContain("class=\"pagination\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/c/big?page=0", HttpStatusCode.BadRequest)]
    [InlineData("/c/big?page=-1", HttpStatusCode.BadRequest)]
    [InlineData("/c/big?page=abc", HttpStatusCode.BadRequest)]
    [InlineData("/c/big?page=1.5", HttpStatusCode.BadRequest)]
    [InlineData("/c/big?page=", HttpStatusCode.BadRequest)]
    [InlineData("/c/big?page=99999999999", HttpStatusCode.BadRequest)]
    [InlineData("/c/big?page=2147483647", HttpStatusCode.NotFound)]
    [InlineData("/c/big?page=4", HttpStatusCode.NotFound)]
    [InlineData("/t/shared?page=x", HttpStatusCode.BadRequest)]
    [InlineData("/t/shared?page=4", HttpStatusCode.NotFound)]
    [InlineData("/recent?page=%EF%BF%BE", HttpStatusCode.BadRequest)]
    [InlineData("/recent?page=4", HttpStatusCode.NotFound)]
    public async Task Bad_or_past_the_end_pages_are_friendly_4xx(string url, HttpStatusCode status)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Articles_api_pages_with_total_and_next_link()
    {
        var response = await _client.GetAsync("/api/articles");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var first = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(100, first.GetArrayLength());
        Assert.Equal(LargeContentHost.Total.ToString(), Assert.Single(response.Headers.GetValues("X-Total-Count")));
        Assert.Equal("</api/articles?limit=100&offset=100>; rel=\"next\"", Assert.Single(response.Headers.GetValues("Link")));

        var all = await _client.GetAsync("/api/articles?limit=500");
        Assert.Equal(LargeContentHost.Total, (await all.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        Assert.False(all.Headers.Contains("Link"));

        // Following the links walks the whole list once, in the same order as one big window.
        var slugs = new List<string>();
        var next = "/api/articles?limit=40";
        var requests = 0;
        while (next is not null)
        {
            var page = await _client.GetAsync(next);
            slugs.AddRange((await page.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(a => a.GetProperty("slug").GetString()!));
            next = page.Headers.TryGetValues("Link", out var links) ? NextLink().Match(links.Single()).Groups[1].Value : null;
            requests++;
        }
        Assert.Equal(4, requests);
        var whole = (await _client.GetFromJsonAsync<JsonElement>("/api/articles?limit=500")).EnumerateArray().Select(a => a.GetProperty("slug").GetString()!);
        Assert.Equal(whole, slugs);

        var past = await _client.GetAsync("/api/articles?offset=1000");
        Assert.Equal(0, (await past.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        Assert.Equal(LargeContentHost.Total.ToString(), Assert.Single(past.Headers.GetValues("X-Total-Count")));
    }

    [Theory]
    [InlineData("/api/articles?limit=0", "limit")]
    [InlineData("/api/articles?limit=501", "limit")]
    [InlineData("/api/articles?limit=-5", "limit")]
    [InlineData("/api/articles?limit=abc", "limit")]
    [InlineData("/api/articles?limit=", "limit")]
    [InlineData("/api/articles?limit=99999999999999999999", "limit")]
    [InlineData("/api/articles?offset=-1", "offset")]
    [InlineData("/api/articles?offset=1.5", "offset")]
    [InlineData("/api/articles?offset=99999999999", "offset")]
    [InlineData("/api/practice?limit=51", "limit")]
    [InlineData("/api/practice?offset=x", "offset")]
    public async Task Bad_limit_or_offset_is_a_problem_naming_the_parameter(string url, string field)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Practice_api_pages_and_keeps_the_filters_in_the_next_link()
    {
        var response = await _client.GetAsync("/api/practice?category=big&limit=50&offset=50");
        var questions = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(50, questions.GetArrayLength());
        Assert.Equal("q050", questions[0].GetProperty("slug").GetString());
        Assert.Contains("第 50 题的答案。", questions[0].GetProperty("answerHtml").GetString(), StringComparison.Ordinal);
        Assert.Equal(LargeContentHost.Big.ToString(), Assert.Single(response.Headers.GetValues("X-Total-Count")));
        Assert.Equal("</api/practice?category=big&limit=50&offset=100>; rel=\"next\"", Assert.Single(response.Headers.GetValues("Link")));

        var hard = await _client.GetAsync("/api/practice?difficulty=3&limit=50");
        Assert.Equal(LargeContentHost.Big / 3, (await hard.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        Assert.Equal((LargeContentHost.Big / 3).ToString(), Assert.Single(hard.Headers.GetValues("X-Total-Count")));
    }

    [Fact]
    public async Task Practice_page_embeds_the_first_questions_without_answers_and_one_answer_loads_on_demand()
    {
        var html = await Html("/practice");
        var data = JsonDocument.Parse(PracticeData().Match(html).Groups[1].Value).RootElement;
        Assert.Equal(LargeContentHost.Total, data.GetProperty("total").GetInt32());
        var questions = data.GetProperty("questions").EnumerateArray().ToList();
        Assert.Equal(100, questions.Count);
        Assert.All(questions, q => Assert.False(q.TryGetProperty("answerHtml", out _)));
        Assert.DoesNotContain("题的答案", html, StringComparison.Ordinal);
        var big = data.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("slug").GetString() == "big");
        Assert.Equal(LargeContentHost.Big, big.GetProperty("count").GetInt32());

        var one = await _client.GetFromJsonAsync<JsonElement>("/api/practice/q007");
        Assert.Equal("问题 007", one.GetProperty("title").GetString());
        Assert.Equal("<p>第 7 题的答案。</p>", one.GetProperty("answerHtml").GetString());
        Assert.True(one.GetProperty("isSummary").GetBoolean());

        var missing = await _client.GetAsync("/api/practice/no-such-question");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("slug", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [GeneratedRegex("class=\"article-link\" href=\"([^\"]+)\"")]
    private static partial Regex ArticleLink();

    [GeneratedRegex("^<([^>]+)>; rel=\"next\"$")]
    private static partial Regex NextLink();

    [GeneratedRegex("""<script type="application/json" id="practice-data">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex PracticeData();
}
