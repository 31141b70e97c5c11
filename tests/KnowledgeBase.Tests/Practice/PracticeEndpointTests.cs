using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeBase.Practice;
using KnowledgeBase.Tests.Content;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Practice;

/// <summary>/practice and GET /api/practice over the repository's real content; expectations come from the files.</summary>
[Collection(ContentHost.Name)]
public sealed partial class PracticeEndpointTests(KbFactory factory)
{
    private static readonly List<ContentArticle> Articles =
        ContentLint.ArticlePaths(RepoPaths.Content).Select(p => ContentLint.Load(RepoPaths.Content, p)).ToList();

    [Fact]
    public async Task Practice_page_embeds_every_question_of_a_small_wiki_without_answers()
    {
        using var client = factory.CreateClient();
        var response = await client.GetAsync("/practice");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("href=\"/practice\"", html, StringComparison.Ordinal); // header nav
        Assert.Contains("显示答案", html, StringComparison.Ordinal);

        var json = DataRegex().Match(html);
        Assert.True(json.Success, "no #practice-data script in the page");
        using var data = JsonDocument.Parse(json.Groups[1].Value);
        var questions = data.RootElement.GetProperty("questions").EnumerateArray().ToList();
        Assert.NotEmpty(questions);
        Assert.Equal(Articles.Select(a => a.Slug).Order(), questions.Select(q => q.GetProperty("slug").GetString()!).Order());
        Assert.Equal(Articles.Count, data.RootElement.GetProperty("total").GetInt32());
        // Answers load on demand (GET /api/practice/{slug}); the page carries only the questions.
        Assert.All(questions, q => Assert.False(string.IsNullOrWhiteSpace(q.GetProperty("title").GetString())));
        Assert.All(questions, q => Assert.False(q.TryGetProperty("answerHtml", out _)));
        var categories = data.RootElement.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("slug").GetString()).ToList();
        Assert.Equal(Articles.Select(a => a.Category).Distinct().Order(), categories.Order());
        Assert.Equal("第 {0} / {1} 题", data.RootElement.GetProperty("labels").GetProperty("position").GetString());
    }

    [Fact]
    public async Task Practice_page_speaks_english_when_asked()
    {
        using var client = factory.CreateClient();
        var html = await client.GetStringAsync("/practice?culture=en");
        Assert.Contains("Show answer", html, StringComparison.Ordinal);
        Assert.Contains("Question {0} of {1}", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Practice_page_ignores_bad_query_values()
    {
        using var client = factory.CreateClient();
        var response = await client.GetAsync("/practice?category=nope&difficulty=9&order=sideways&scope=x");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("value=\"nope\"", html, StringComparison.Ordinal);
        Assert.Matches("<option value=\"seq\" selected", html);
    }

    [Fact]
    public async Task Api_returns_every_question_with_its_key_points()
    {
        using var client = factory.CreateClient();
        var response = await client.GetAsync("/api/practice");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(20, (await Read(response)).Count); // the default window
        var questions = await ReadAll(client, "");
        Assert.NotEmpty(Articles);
        Assert.Equal(Articles.Count, questions.Count);
        foreach (var article in Articles)
        {
            var q = Assert.Single(questions, q => q.Slug == article.Slug);
            Assert.Equal(article.Meta.Title, q.Title);
            Assert.Equal(article.Meta.TitleEn, q.TitleEn);
            Assert.Equal(article.Category, q.Category);
            Assert.Equal(article.Meta.Difficulty, q.Difficulty);
            Assert.Equal("/a/" + article.Slug, q.Url);
            var hasSummary = article.Body.Contains("## 答案要点", StringComparison.Ordinal);
            Assert.Equal(hasSummary, q.IsSummary);
            if (hasSummary)
            {
                // Only the short answer: no other section of the article comes along.
                Assert.DoesNotContain("<h2", q.AnswerHtml, StringComparison.Ordinal);
                Assert.DoesNotContain("常见追问", q.AnswerHtml, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Api_filters_by_category_and_difficulty()
    {
        using var client = factory.CreateClient();
        foreach (var category in Articles.Select(a => a.Category).Distinct())
        {
            var questions = await ReadAll(client, $"category={category}");
            Assert.Equal(Articles.Count(a => a.Category == category), questions.Count);
            Assert.NotEmpty(questions);
            Assert.All(questions, q => Assert.Equal(category, q.Category));
        }
        for (var d = 1; d <= 3; d++)
        {
            var questions = await ReadAll(client, $"difficulty={d}");
            Assert.Equal(Articles.Count(a => a.Meta.Difficulty == d), questions.Count);
        }
        var first = Articles[0];
        var both = await ReadAll(client, $"category={first.Category}&difficulty={first.Meta.Difficulty}");
        Assert.Contains(both, q => q.Slug == first.Slug);
        Assert.All(both, q => Assert.True(q.Category == first.Category && q.Difficulty == first.Meta.Difficulty));
        var empty = await ReadAll(client, "category=&difficulty=");
        Assert.Equal(Articles.Count, empty.Count);
    }

    [Theory]
    [InlineData("category=nope", "category")]
    [InlineData("category=%27%20OR%201%3D1%20--", "category")]
    [InlineData("difficulty=4", "difficulty")]
    [InlineData("difficulty=0", "difficulty")]
    [InlineData("difficulty=-1", "difficulty")]
    [InlineData("difficulty=1.5", "difficulty")]
    [InlineData("difficulty=abc", "difficulty")]
    [InlineData("difficulty=99999999999999999999", "difficulty")]
    public async Task Api_rejects_bad_filters_with_a_problem_naming_the_field(string query, string field)
    {
        using var client = factory.CreateClient();
        var response = await client.GetAsync("/api/practice?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(field, problem.RootElement.GetProperty("field").GetString());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public void Answer_is_the_key_points_section_without_its_heading()
    {
        const string html = "<h2 id=\"答案要点\">答案要点</h2>\n<p>短答案</p>\n<ul><li>要点</li></ul>\n<h2 id=\"推导\">推导</h2>\n<p>长解释</p>";
        var (answer, isSummary) = PracticeAnswer.Extract(html);
        Assert.True(isSummary);
        Assert.Equal("<p>短答案</p>\n<ul><li>要点</li></ul>", answer);
    }

    [Theory]
    [InlineData("<h2 id=\"推导\">推导</h2><p>没有答案要点</p>")]
    [InlineData("<h2 id=\"答案要点\">答案要点</h2>\n<h2 id=\"推导\">推导</h2><p>答案要点是空的</p>")]
    [InlineData("<p>没有任何标题</p>")]
    public void Without_key_points_the_whole_article_is_the_answer(string html) =>
        Assert.Equal((html, false), PracticeAnswer.Extract(html));

    [Fact]
    public void Key_points_as_the_last_section_run_to_the_end() =>
        Assert.Equal(("<p>唯一一节</p>", true), PracticeAnswer.Extract("<h2 id=\"答案要点\" class=\"x\">答案要点</h2><p>唯一一节</p>"));

    /// <summary>Every window of /api/practice for a filter, at the largest window size.</summary>
    private static async Task<List<PracticeQuestion>> ReadAll(HttpClient client, string query)
    {
        var all = new List<PracticeQuestion>();
        while (true)
        {
            var window = await Read(await client.GetAsync($"/api/practice?{query}&limit=50&offset={all.Count}"));
            all.AddRange(window);
            if (window.Count < 50) { return all; }
        }
    }

    private static async Task<List<PracticeQuestion>> Read(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<List<PracticeQuestion>>() ?? [];
    }

    [GeneratedRegex("""<script type="application/json" id="practice-data">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex DataRegex();
}
