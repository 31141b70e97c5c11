using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Content;

/// <summary>Start-up with hostile and broken content: the site starts, good articles stay, nothing leaks.</summary>
public sealed class ContentStartupTests : IDisposable
{
    private readonly string _content = RepoPaths.CopyContent();
    private readonly KbFactory _factory;

    public ContentStartupTests()
    {
        File.WriteAllText(Path.Combine(_content, "cnn", "broken-yaml.md"), "---\ntitle: [oops\n---\n正文");
        File.WriteAllText(Path.Combine(_content, "cnn", "no-title.md"), "---\ntags: [x]\n---\n正文");
        File.WriteAllBytes(Path.Combine(_content, "cnn", "not-utf8.md"), [.. "---\ntitle: x\n---\n"u8, 0xC3, 0x28]);
        // Each of these once stopped every start-up ("Hosting failed to start").
        File.WriteAllText(Path.Combine(_content, "cnn", "deep-quotes.md"), "---\ntitle: 引用\n---\n" + new string('>', 300) + " x\n");
        File.WriteAllText(Path.Combine(_content, "cnn", "nonchar.md"), "---\ntitle: 非字符\n---\n## 标题\uFFFE\n\n正文\uFFFE\n");
        File.WriteAllText(Path.Combine(_content, "cnn", "deep-divs.md"), "---\ntitle: div\n---\n" + string.Concat(Enumerable.Repeat("<div>", 100_000)));
        File.WriteAllText(Path.Combine(_content, "cnn", "xss.md"), """
            ---
            title: <script>alert('title')</script>标题
            tags: ["<img src=x onerror=alert(1)>", 安全]
            ---
            ## 正文 <script>alert(2)</script>

            <iframe src="https://evil.example"></iframe>
            [x](javascript:alert(3)) <a href="#" onmouseover="alert(4)">hover</a>
            """);
        _factory = new KbFactory(_content);
    }

    [Fact]
    public async Task Malformed_files_do_not_stop_start_up_and_the_rest_is_served()
    {
        var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/a/rnn-lstm-gru-params")).StatusCode);
        foreach (var slug in new[] { "broken-yaml", "no-title", "not-utf8", "deep-quotes", "nonchar", "deep-divs" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/a/" + slug)).StatusCode);
        }
    }

    [Fact]
    public async Task Script_in_body_title_or_tags_never_reaches_the_page()
    {
        var client = _factory.CreateClient();
        foreach (var url in new[] { "/a/xss", "/c/cnn", "/", "/t/" + Uri.EscapeDataString("<img src=x onerror=alert(1)>") })
        {
            var html = await client.GetStringAsync(url);
            Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<iframe", html, StringComparison.Ordinal);
            Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("onmouseover", html, StringComparison.Ordinal);
        }
        var article = await client.GetStringAsync("/a/xss");
        Assert.Contains("&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;标题", article, StringComparison.Ordinal);

        var api = await client.GetFromJsonAsync<JsonElement>("/api/articles/xss");
        Assert.DoesNotContain("<script", api.GetProperty("html").GetString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _factory.Dispose();
        try { Directory.Delete(_content, true); } catch (IOException) { }
    }
}
