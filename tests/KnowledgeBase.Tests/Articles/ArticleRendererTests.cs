using KnowledgeBase.Articles;

namespace KnowledgeBase.Tests.Articles;

public class ArticleRendererTests
{
    private readonly ArticleRenderer _renderer = new();

    [Fact]
    public void Chinese_headings_get_readable_unique_ids_and_a_toc()
    {
        var result = _renderer.Render("## 答案要点\n\n文字\n\n### 细节\n\n## 答案要点\n", "cnn");

        Assert.Contains("<h2 id=\"答案要点\">", result.Html, StringComparison.Ordinal);
        Assert.Contains("<h3 id=\"细节\">", result.Html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"答案要点-1\">", result.Html, StringComparison.Ordinal);
        Assert.Equal([new TocEntry(2, "答案要点", "答案要点"), new TocEntry(3, "细节", "细节"), new TocEntry(2, "答案要点-1", "答案要点")], result.Toc);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "<script")]
    [InlineData("<img src=x onerror=alert(1)>", "onerror")]
    [InlineData("[点我](javascript:alert(1))", "javascript:")]
    [InlineData("<iframe src=\"https://example.com\"></iframe>", "<iframe")]
    [InlineData("<a href=\"#\" onclick=\"steal()\">x</a>", "onclick")]
    [InlineData("## 标题 {onclick=alert(1)}", "onclick")]
    [InlineData("<svg><script>alert(1)</script></svg>", "<script")]
    [InlineData("<object data=\"x.swf\"></object>", "<object")]
    [InlineData("![x](javascript:alert(1))", "javascript:")]
    public void Dangerous_markup_never_reaches_the_html(string markdown, string forbidden)
    {
        var html = _renderer.Render(markdown, "cnn").Html;
        Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Safe_markup_survives_sanitizing()
    {
        var html = _renderer.Render("""
            | a | b |
            |---|---|
            | 1 | 2 |

            ```python
            print(1)
            ```

            行内公式 $a^2$ 和 [链接](https://pytorch.org/)
            """, "cnn").Html;

        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("<code class=\"language-python\">", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"math\">", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://pytorch.org/\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("img/a.svg", true, "/media/cnn/img/a.svg")]
    [InlineData("./img/a.svg", true, "/media/cnn/img/a.svg")]
    [InlineData("../ml/img/b.svg", true, "/media/ml/img/b.svg")]
    [InlineData("https://x.org/a.png", true, "https://x.org/a.png")]
    [InlineData("../ml/svm-derivation.md", false, "/a/svm-derivation")]
    [InlineData("pooling.md#反向传播", false, "/a/pooling#反向传播")]
    [InlineData("#答案要点", false, "#答案要点")]
    [InlineData("/c/cnn", false, "/c/cnn")]
    public void Relative_urls_are_rewritten(string url, bool image, string expected) =>
        Assert.Equal(expected, ArticleRenderer.RewriteUrl(url, "cnn", image));

    [Fact]
    public void Plain_text_has_no_markup()
    {
        var plain = _renderer.Render("## 标题\n\n**加粗** 与 `code`\n", "cnn").PlainText;
        Assert.Equal("标题 加粗 与 code", plain);
    }
}
