using System.Net;
using KnowledgeBase.Hosting;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Hosting;

/// <summary>Security headers on every kind of response, and JSON that cannot smuggle markup.</summary>
public sealed class SecurityHeadersTests(KbFactory factory) : IClassFixture<KbFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/", HttpStatusCode.OK)]                                   // page
    [InlineData("/a/rnn-lstm-gru-params", HttpStatusCode.OK)]              // output-cached page
    [InlineData("/api/articles", HttpStatusCode.OK)]                       // API
    [InlineData("/css/site.css", HttpStatusCode.OK)]                       // static file
    [InlineData("/lib/katex/katex.min.js", HttpStatusCode.OK)]             // vendored static file
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]                 // re-executed status page
    [InlineData("/api/no-such-endpoint", HttpStatusCode.NotFound)]         // API 404
    [InlineData("/api/articles/no-such-article", HttpStatusCode.NotFound)] // problem+json
    [InlineData("/api/search?limit=x", HttpStatusCode.BadRequest)]         // problem+json 400
    [InlineData("/healthz", HttpStatusCode.OK)]
    public async Task Every_response_carries_the_security_headers(string url, HttpStatusCode status)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public void The_policy_allows_no_inline_or_eval_script_and_no_framing()
    {
        var directives = SecurityHeaders.ContentSecurityPolicy.Split(';', StringSplitOptions.TrimEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ')[1..]);
        Assert.Equal(["'self'"], directives["default-src"]);
        Assert.Equal(["'self'"], directives["script-src"]);
        Assert.Equal(["'self'"], directives["style-src"]);
        Assert.Equal(["'none'"], directives["frame-ancestors"]);
        Assert.Equal(["'none'"], directives["object-src"]);
        Assert.Equal(["'none'"], directives["base-uri"]);
        Assert.Equal(["'self'"], directives["form-action"]);
        Assert.DoesNotContain(directives.Values.SelectMany(v => v), v => v.Contains("eval", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Media_files_keep_their_stricter_sandbox_policy()
    {
        var response = await _client.GetAsync("/media/cnn/img/receptive-field-3x3.svg");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("sandbox", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Pages_hold_no_inline_script_or_event_handler()
    {
        foreach (var url in new[] { "/", "/a/rnn-lstm-gru-params", "/c/cnn", "/t", "/search?q=BN", "/practice", "/calc", "/api-docs", "/nope" })
        {
            // /nope: the status page (404) is a page too.
            var html = await (await _client.GetAsync(url)).Content.ReadAsStringAsync();
            Assert.Contains("/js/site.js", html, StringComparison.Ordinal);
            // Every executable <script> has a src; a JSON data block is not executed and not subject to CSP.
            foreach (System.Text.RegularExpressions.Match tag in System.Text.RegularExpressions.Regex.Matches(html, "<script\\b[^>]*>"))
            {
                Assert.True(tag.Value.Contains("src=", StringComparison.Ordinal) || tag.Value.Contains("application/json", StringComparison.Ordinal),
                    $"{url}: inline {tag.Value}");
            }
            Assert.DoesNotMatch("<[^>]+\\son[a-z]+\\s*=", html);
            Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Json_escapes_markup_but_keeps_chinese_readable()
    {
        var body = await _client.GetStringAsync("/api/search?q=" + Uri.EscapeDataString("<script>alert(1)</script> & 卷积"));
        Assert.DoesNotContain("<script>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("&", body.Replace("\\u0026", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\\u003Cscript\\u003E", body, StringComparison.Ordinal);
        Assert.Contains("卷积", body, StringComparison.Ordinal);

        var suggest = await _client.GetStringAsync("/api/search/suggest?format=opensearch&q=" + Uri.EscapeDataString("<b>卷积"));
        Assert.DoesNotContain("<b>", suggest, StringComparison.Ordinal);
        Assert.Contains("\\u003Cb\\u003E卷积", suggest, StringComparison.Ordinal);

        // Problem details go through the same serializer.
        var problem = await (await _client.GetAsync("/api/articles/" + Uri.EscapeDataString("<img>"))).Content.ReadAsStringAsync();
        Assert.Contains("\\u003Cimg\\u003E", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("<img>", problem, StringComparison.Ordinal);
    }
}
