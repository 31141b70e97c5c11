using System.Net;
using System.Text.RegularExpressions;
using KnowledgeBase.Tests.Content;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Pages;

/// <summary>Every page type over HTTP with the repository's real content.</summary>
[Collection(ContentHost.Name)]
public sealed class PagesTests(KbFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<string> Html(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Home_lists_categories_with_counts_and_recent_articles()
    {
        var html = await Html("/");
        Assert.Contains("href=\"/c/cnn\"", html, StringComparison.Ordinal);
        Assert.Contains("卷积神经网络", html, StringComparison.Ordinal);
        Assert.Matches(@"\d+ 篇", html);
        Assert.Contains("action=\"/search\"", html, StringComparison.Ordinal);

        // "Recently updated" shows the newest articles, at most 8 (the default RecentCount): nothing left out is newer.
        var list = System.Text.Json.JsonDocument.Parse(await _client.GetStringAsync("/api/articles")).RootElement.EnumerateArray()
            .Select(a => (Url: a.GetProperty("url").GetString()!, Updated: DateTimeOffset.Parse(a.GetProperty("updated").GetString()!, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        var recent = html[html.IndexOf("id=\"recent\"", StringComparison.Ordinal)..];
        var shown = System.Text.RegularExpressions.Regex.Matches(recent, "class=\"article-link\" href=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(shown);
        Assert.Equal(Math.Min(8, list.Count), shown.Count);
        var oldestShown = list.Where(a => shown.Contains(a.Url)).Min(a => a.Updated);
        Assert.All(list.Where(a => !shown.Contains(a.Url)), a => Assert.True(a.Updated <= oldestShown, a.Url));
    }

    [Fact]
    public async Task Category_page_lists_its_articles()
    {
        var html = await Html("/c/cnn");
        Assert.Contains("<h1>卷积神经网络</h1>", html, StringComparison.Ordinal);
        Assert.Contains("为什么两层 3×3 卷积的感受野是 5×5，三层是 7×7？", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/a/shallow-deep-copy\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tag_pages_list_tags_and_tagged_articles()
    {
        Assert.Contains("href=\"/t/LSTM\"", await Html("/t"), StringComparison.Ordinal);
        var html = await Html("/t/LSTM");
        Assert.Contains("/a/rnn-lstm-gru-params", html, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString("感受野"), await Html("/a/two-3x3-receptive-field"), StringComparison.Ordinal);
        Assert.Contains("/a/two-3x3-receptive-field", await Html("/t/" + Uri.EscapeDataString("感受野")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Article_page_has_breadcrumbs_toc_math_code_table_and_image()
    {
        var html = await Html("/a/rnn-lstm-gru-params");
        Assert.Contains("class=\"breadcrumbs\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/c/params\"", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"答案要点\">", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#答案要点\"", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"math\">", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("language-python", html, StringComparison.Ordinal);
        Assert.Contains("/lib/katex/katex.min.js", html, StringComparison.Ordinal);

        var withImage = await Html("/a/two-3x3-receptive-field");
        Assert.Contains("src=\"/media/cnn/img/receptive-field-3x3.svg\"", withImage, StringComparison.Ordinal);
        var svg = await _client.GetAsync("/media/cnn/img/receptive-field-3x3.svg");
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Article_page_links_neighbours_and_related_articles()
    {
        // Reading order inside a category, from the files: front matter order (default 1000), then title.
        var cnn = ContentLint.ArticlePaths(RepoPaths.Content).Select(p => ContentLint.Load(RepoPaths.Content, p))
            .Where(a => a.Category == "cnn")
            .OrderBy(a => a.Meta.Order ?? 1000).ThenBy(a => a.Meta.Title, StringComparer.Ordinal)
            .ToList();
        Assert.True(cnn.Count >= 3, "the cnn category needs a first, a middle and a last article");
        for (var i = 0; i < cnn.Count; i++)
        {
            var html = await Html("/a/" + cnn[i].Slug);
            AssertNeighbour(html, "prev", i > 0 ? cnn[i - 1] : null, cnn[i].Slug);
            AssertNeighbour(html, "next", i + 1 < cnn.Count ? cnn[i + 1] : null, cnn[i].Slug);

            // Related: each listed article shares at least one tag with this one.
            var related = Regex.Match(html, "<section class=\"related\".*?</section>", RegexOptions.Singleline);
            Assert.True(related.Success, cnn[i].Slug + " has no related articles");
            var slugs = Regex.Matches(related.Value, "class=\"article-link\" href=\"/a/([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(slugs);
            var tags = cnn[i].Meta.Tags.ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var slug in slugs)
            {
                var other = ContentLint.Load(RepoPaths.Content, ContentLint.ArticlePaths(RepoPaths.Content).Single(p => p.EndsWith("/" + slug + ".md", StringComparison.Ordinal)));
                Assert.True(other.Meta.Tags.Any(tags.Contains), $"{slug} is listed as related to {cnn[i].Slug} without a shared tag");
            }
        }
    }

    private static void AssertNeighbour(string html, string rel, ContentArticle? expected, string page)
    {
        var link = Regex.Match(html, $"<a class=\"{rel}\" rel=\"{rel}\" href=\"([^\"]+)\"><span class=\"muted\">[^<]*</span> ([^<]*)</a>");
        if (expected is null)
        {
            Assert.False(link.Success, $"{page} has a {rel} link but is at the end of its category");
            return;
        }
        Assert.True(link.Success, $"{page} has no {rel} link");
        Assert.Equal("/a/" + expected.Slug, link.Groups[1].Value);
        Assert.Equal(expected.Meta.Title, WebUtility.HtmlDecode(link.Groups[2].Value));
    }

    [Theory]
    [InlineData("/a/does-not-exist")]
    [InlineData("/c/does-not-exist")]
    [InlineData("/t/does-not-exist")]
    [InlineData("/no/such/page")]
    public async Task Unknown_pages_are_friendly_404s(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("页面不存在", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_sources_are_not_served_as_media()
    {
        var response = await _client.GetAsync("/media/cnn/two-3x3-receptive-field.md");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task English_is_the_second_locale()
    {
        var html = await Html("/?culture=en");
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("Recently updated", html, StringComparison.Ordinal);
        Assert.Contains("Convolutional Networks", html, StringComparison.Ordinal);

        var chinese = await Html("/");
        Assert.Contains("<html lang=\"zh-CN\">", chinese, StringComparison.Ordinal);
        Assert.Contains("最近更新", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Culture_switch_sets_a_cookie_and_only_redirects_locally()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync("/culture/en?returnUrl=%2Fc%2Fcnn");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/c/cnn", response.Headers.Location?.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.Contains("c%3Den", StringComparison.Ordinal));

        var evil = await client.GetAsync("/culture/en?returnUrl=%2F%2Fevil.example");
        Assert.Equal("/", evil.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_test_host_uses_its_own_database_file()
    {
        await _client.GetAsync("/");
        Assert.True(File.Exists(factory.DatabasePath), factory.DatabasePath);
        Assert.True(new FileInfo(factory.DatabasePath).Length > 0);
    }

    [Fact]
    public async Task Healthz_is_healthy_with_a_database()
    {
        var response = await _client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
