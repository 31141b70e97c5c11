using KnowledgeBase.Articles;
using KnowledgeBase.Content;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Articles;

/// <summary>
/// The shortcut must give byte for byte what HtmlSanitizer gives, or fall back: checked on every shipped article,
/// on hostile and unusual Markdown, and on generated mixtures of both.
/// </summary>
public class SanitizerShortcutTests
{
    private readonly ArticleRenderer _renderer = new();

    /// <summary>Asserts the shortcut agrees with the sanitizer; true when it answered rather than falling back.</summary>
    private bool AgreesWithSanitizer(string markdown, string label)
    {
        var (markdigHtml, sanitized, shortcut) = _renderer.SanitizeBothWays(markdown, "cnn");
        if (shortcut is null) { return false; }
        Assert.True(sanitized == shortcut,
            $"{label}: the shortcut differs from the sanitizer\n--- markdig\n{markdigHtml}\n--- sanitizer\n{sanitized}\n--- shortcut\n{shortcut}");
        return true;
    }

    [Fact]
    public void Every_shipped_article_gets_the_sanitizers_bytes_and_most_take_the_shortcut()
    {
        var files = Directory.EnumerateFiles(RepoPaths.Content, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 50, $"only {files.Count} articles found");
        var shortcuts = files.Count(f => AgreesWithSanitizer(FrontMatter.Parse(File.ReadAllText(f)).Body, f));
        // Articles with raw HTML, footnotes or task lists fall back; none of the shipped ones has them today.
        Assert.True(shortcuts * 10 >= files.Count * 9, $"only {shortcuts} of {files.Count} articles took the shortcut");
    }

    private static readonly string[] PlainCases =
    [
        "## 答案要点\n\n**加粗**、*斜体*、`代码 <b>`、~~删除~~、++插入++、==标记==、H~2~O、x^2^。\n",
        "段落里有 \"引号\" & 'apos' < > 和不换行\u00A0空格，还有 &copy; &#123; &amp; &nbsp; 实体。\n",
        "| 左 | 中 | 右 | 无 |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n",
        "```python\nprint(\"<script>\")  # & \"\n```\n\n    缩进代码 <i>\n",
        "```calc\n{\"kind\": \"params\", \"layer\": \"conv2d\"}\n```\n",
        "1. 一\n2. 二\n\n3. 三\n\n7) 七\n8) 八\n\n- a\n  - b\n    - c\n\n* [链接](https://pytorch.org/docs/stable/nn.html?a=1&b=2#x \"标题 \\\"引号\\\" & <b>\")\n",
        "![图 <1> & \"x\"](img/rf.svg \"说明\")\n\n![](../ml/img/a.png)\n\n[相对](../ml/svm.md#间隔) [锚点](#答案要点) [站内](/c/cnn) [邮件](mailto:a@b.org)\n",
        "自动链接 https://example.com/a?b=c&d=e 和 <https://example.org/x> 与 www.example.com\n",
        "$$\n\\frac{a}{b} < c & d\n$$\n\n行内 $a<b$ 与 $\\alpha$\n",
        "> 引用\n>\n> > 嵌套引用\n\n---\n\n标题一\n===\n\n标题二\n---\n",
        "::: pitfall\n**常见误区**：错。\n\n**正确理解**：对。\n:::\n",
        "术语\n:   定义一\n:   定义二\n\n*[BN]: Batch Normalization\n\nBN 很常用。\n",
        "^^^\n![图](img/a.png)\n^^^ 图的说明\n",
        "行尾两个空格  \n换行，行尾反斜杠\\\n换行。\n\n\u2028 行分隔符 😀 emoji 𝔸\n",
        "## 同名\n\n## 同名\n\n### `code` 标题 $x$\n\n#### h4\n\n##### h5\n\n###### h6\n",
        "```mermaid\ngraph TD; A-->B;\n```\n",
        "> [!NOTE]\n> 提示\n",
        "Term [^1] 和 [^note]\n\n[^1]: 脚注一\n[^note]: 脚注二\n",
        "- [ ] 未完成\n- [x] 完成\n",
        "![视频](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n",
        "+---+---+\n| a | b |\n+===+===+\n| 1 | 2 |\n+---+---+\n",
    ];

    public static TheoryData<string> Plain => new(PlainCases);

    [Theory]
    [MemberData(nameof(Plain))]
    public void Unusual_but_plain_markdown_gets_the_sanitizers_bytes(string markdown) => AgreesWithSanitizer(markdown, markdown);

    private static readonly string[] HostileCases =
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](java&#x09;script:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](java%0Ascript:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "<javascript:alert(1)>",
        "[x](vbscript:msgbox)",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "![x](data:image/svg+xml,<svg onload=alert(1)>)",
        "[x](x:y)",
        "[x](\\\\evil\\share)",
        "[x](//evil.example/a)",
        "[x](https://a.org/\"onmouseover=\"alert(1))",
        "## 标题 {onclick=alert(1)}",
        "段落 {#site-search}",
        "段落 {style=\"position:fixed;top:0\"}",
        "段落 {.a .b}",
        "段落 {data-x=1}",
        "段落 {class=\"\"}",
        "![x](img/a.png){width=100 height=50}",
        "[x](https://a.org){target=_blank rel=opener}",
        "| a |\n|---|\n| b |\n{style=\"text-align: center;\"}",
        "## 标题 {#custom}",
        "<b>raw</b> html",
        "<!-- comment -->",
        "text\r\nwith\r\ncarriage returns\r\n",
        "nul \0 char",
        "```&lt;&{ x\ncode\n```\n",
        "[x](https://a.org/&{alert(1)};)",
        "[x](https://a.org/ \"&{alert(1)};\")",
    ];

    public static TheoryData<string> Hostile => new(HostileCases);

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_markdown_falls_back_or_gets_the_sanitizers_bytes(string markdown)
    {
        if (AgreesWithSanitizer(markdown, markdown))
        {
            var html = _renderer.Render(markdown, "cnn").Html;
            foreach (var forbidden in new[] { "javascript:", "vbscript:", "data:", " onclick", " onmouseover", "position", "target=" })
            {
                Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void Generated_mixtures_get_the_sanitizers_bytes()
    {
        var pieces = PlainCases.Concat(HostileCases).Concat(
        [
            "文字", "**", "*", "`", "[", "](", ")", "{", "}", "#", "\n", "\n\n", "|", ":", "-", "<", ">", "&", "\"", "'",
            "\\", "$", "^", "~", "=", "+", "!", "&amp;", "&lt;", "&#0;", "&#xD;", "\u00A0", "\t", "    ", "> ", "1. ", "- ",
            "```", "javascript:", "https://x.org/", "#答案要点", "{#id}", "{.c}", "{onclick=x}", "\u3000", "\f", "\u2029",
            "&{", "![", "<br>", "&quot;", "&#x3a;", "%3a", "mailto:", "HTTPS://", "http:", "1) ", "[^1]", "[^1]: ", "*[", "]: ",
        ]).ToArray();
        var random = new Random(20261207);
        var shortcuts = 0;
        for (var n = 0; n < 3000; n++)
        {
            var markdown = string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => pieces[random.Next(pieces.Length)]));
            if (AgreesWithSanitizer(markdown, $"case {n}: {markdown}")) { shortcuts++; }
        }
        Assert.True(shortcuts >= 300, $"only {shortcuts} of 3000 generated cases took the shortcut");
    }
}
