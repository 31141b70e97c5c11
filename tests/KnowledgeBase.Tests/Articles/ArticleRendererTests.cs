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
    public void A_pitfall_box_keeps_its_class_and_labels()
    {
        var html = _renderer.Render("::: pitfall\n**常见误区**：错的说法。\n\n**正确理解**：对的说法。\n:::\n", "cnn").Html;
        Assert.Contains("<div class=\"pitfall\">", html, StringComparison.Ordinal);
        Assert.Contains("<strong>常见误区</strong>：错的说法。", html, StringComparison.Ordinal);
        Assert.Contains("<strong>正确理解</strong>：对的说法。", html, StringComparison.Ordinal);
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

    [Fact]
    public void Plain_text_collapses_every_kind_of_white_space_and_trims_it()
    {
        // Ideographic space, no-break space, tab and line breaks (incl. hard breaks) all become one ASCII space.
        var plain = _renderer.Render("  甲\u3000\u3000乙\u00A0丙\t丁  \n戊\n\n\n己\u2028庚  \n", "cnn").PlainText;
        Assert.Equal("甲 乙 丙 丁 戊 己 庚", plain);
    }
}

public class ArticleRendererSanitizerTests
{
    private readonly ArticleRenderer _renderer = new();

    [Theory]
    [InlineData("<form action=\"https://evil.example/steal\"><input type=\"password\" name=\"pw\"><button>登录</button></form>", new[] { "<form", "<input", "<button", "evil.example" })]
    [InlineData("<textarea>x</textarea><select><option>a</option></select><label>l</label><fieldset></fieldset>", new[] { "<textarea", "<select", "<option", "<label", "<fieldset" })]
    public void Forms_and_their_controls_are_removed(string markdown, string[] forbidden)
    {
        var html = _renderer.Render(markdown, "cnn").Html;
        foreach (var f in forbidden)
        {
            Assert.DoesNotContain(f, html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Positioning_styles_are_dropped_and_text_styles_kept()
    {
        var html = _renderer.Render(
            "<div style=\"position:fixed; top:0; left:0; z-index:9999; width:100%; height:100%; margin-top:-50px; color:red\">盖住页面</div>", "cnn").Html;
        foreach (var property in new[] { "position", "z-index", "top", "width", "height", "margin" })
        {
            Assert.DoesNotContain(property, html, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("color: rgba(255, 0, 0, 1)", html, StringComparison.Ordinal);
        Assert.Contains("盖住页面", html, StringComparison.Ordinal);

        // Markdig aligns table columns with style="text-align: …": that must survive.
        var table = _renderer.Render("| a | b |\n|--:|:-:|\n| 1 | 2 |\n", "cnn").Html;
        Assert.Contains("style=\"text-align: right\"", table, StringComparison.Ordinal);
        Assert.Contains("style=\"text-align: center\"", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Author_ids_and_names_are_prefixed_so_they_cannot_clobber_the_dom()
    {
        var html = _renderer.Render("""
            <img src="https://x.org/a.png" name="querySelector"> <a name="getElementById">x</a>

            <div id="site-search">假搜索框</div>

            文字 {#body}

            [跳到假搜索框](#site-search)
            """, "cnn").Html;
        Assert.Contains("name=\"user-content-querySelector\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"user-content-getElementById\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"user-content-site-search\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"user-content-body\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#user-content-site-search\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"querySelector\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"site-search\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_heading_ids_stay_unprefixed_and_match_the_toc_and_links()
    {
        var result = _renderer.Render("""
            ## 答案要点

            见 [细节](#细节)。

            ### 细节 {#custom}

            <h2 id="答案要点">伪造的标题</h2>
            """, "cnn");
        var ids = System.Text.RegularExpressions.Regex.Matches(result.Html, "<h[23] id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["答案要点", "细节", "user-content-答案要点"], ids);
        Assert.Equal(["答案要点", "细节"], result.Toc.Select(t => t.Id));
        Assert.Contains($"href=\"#{Uri.EscapeDataString("细节")}\"", result.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("kb", string.Concat(ids.Select(i => i[..Math.Min(2, i.Length)])), StringComparison.Ordinal);
    }

    [Fact]
    public void What_articles_need_survives()
    {
        var html = _renderer.Render("""
            公式 $\frac{a}{b}$ 与

            $$
            y = Wx + b
            $$

            ```calc
            {"kind": "params", "layer": "conv2d"}
            ```

            ![感受野](img/rf.svg)

            脚注[^1]

            [^1]: 说明
            """, "cnn").Html;
        Assert.Contains("<span class=\"math\">", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"math\">", html, StringComparison.Ordinal);
        Assert.Contains("<code class=\"language-calc\">", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/media/cnn/img/rf.svg\"", html, StringComparison.Ordinal);
        // Footnote ids are author-side ids too; their links are prefixed with them, so they still match.
        var refId = System.Text.RegularExpressions.Regex.Match(html, "href=\"#(user-content-fn:1)\"");
        Assert.True(refId.Success, html);
        Assert.Contains($"id=\"{refId.Groups[1].Value}\"", html, StringComparison.Ordinal);
    }
}

public class ArticleRendererLimitTests
{
    private readonly ArticleRenderer _renderer = new();
    private static readonly RenderLimits Limits = new(MaxNestingDepth: 32, MaxHeadings: 100, MaxHtmlDepth: 64);

    [Theory]
    [InlineData(40, "nests")]
    [InlineData(300, "cannot be parsed")]
    public void Deeply_nested_quotes_are_rejected_not_thrown(int depth, string reason)
    {
        var ex = Assert.Throws<RenderException>(() => _renderer.Render("正文\n\n" + new string('>', depth) + " 引用\n", "cnn", Limits));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Equal(depth == 40 ? 3 : 1, ex.Line);
    }

    [Fact]
    public void Too_many_headings_are_rejected_at_the_first_one_over()
    {
        var ex = Assert.Throws<RenderException>(() => _renderer.Render(string.Concat(Enumerable.Repeat("## 同名\n\n", 101)), "cnn", Limits));
        Assert.Contains("more than 100 headings", ex.Message, StringComparison.Ordinal);
        Assert.Equal(201, ex.Line);
        Assert.Equal(100, _renderer.Render(string.Concat(Enumerable.Repeat("## 同名\n\n", 100)), "cnn", Limits).Toc.Count);
    }

    [Fact]
    public void Deeply_nested_raw_html_is_rejected_before_the_sanitizer()
    {
        var deep = "前言\n\n" + string.Concat(Enumerable.Repeat("<div>", 100_000)) + "x" + string.Concat(Enumerable.Repeat("</div>", 100_000));
        var ex = Assert.Throws<RenderException>(() => _renderer.Render(deep, "cnn", Limits));
        Assert.Contains("raw HTML nests more than 64", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, ex.Line);

        // Siblings, void elements and implicitly closed items do not add depth.
        var wide = string.Concat(Enumerable.Repeat("<div><br><img src=\"https://x.org/a.png\"></div>", 500)) + "<ul>" + string.Concat(Enumerable.Repeat("<li>x", 500)) + "</ul>";
        Assert.Contains("<li>x", _renderer.Render(wide, "cnn", Limits).Html, StringComparison.Ordinal);
    }
}
