using KnowledgeBase.Content;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Content;

/// <summary>
/// Lint over every file of the repository's content/: one theory case per file and check, so a failure names
/// the file (and the line) that needs fixing. The helpers themselves are tested on small bad inputs below.
/// </summary>
public sealed class ContentLintTests
{
    private static readonly string Root = RepoPaths.Content;
    private static readonly Lazy<IReadOnlySet<string>> KnownCategories = new(() => ContentLint.Categories(Root));

    // Articles that parse; the ones that do not are reported by Front_matter_is_valid_and_complete.
    private static readonly Lazy<List<ContentArticle>> All = new(() => ContentLint.ArticlePaths(Root)
        .Select(p => { try { return ContentLint.Load(Root, p); } catch (ContentException) { return null; } })
        .OfType<ContentArticle>()
        .ToList());

    public static TheoryData<string> Articles() => new(ContentLint.ArticlePaths(Root));

    public static TheoryData<string> Files() => new(ContentLint.AllFiles(Root));

    [Fact]
    public void Content_has_articles_and_categories()
    {
        Assert.True(ContentLint.ArticlePaths(Root).Count >= 2, $"expected articles under {Root}");
        Assert.NotEmpty(KnownCategories.Value);
    }

    [Theory, MemberData(nameof(Articles))]
    public void Front_matter_is_valid_and_complete(string file)
    {
        ContentArticle article;
        try
        {
            article = ContentLint.Load(Root, file);
        }
        catch (ContentException ex)
        {
            Assert.Fail($"{file}:{ex.Line}: {ex.Message}");
            return;
        }
        AssertClean(file, ContentLint.FrontMatterProblems(article.Meta, article.Category, article.Slug, KnownCategories.Value));
    }

    [Theory, MemberData(nameof(Articles))]
    public void Sections_are_complete_and_in_order(string file) =>
        AssertClean(file, ContentLint.SectionProblems(ContentLint.Load(Root, file)));

    [Theory, MemberData(nameof(Articles))]
    public void Links_and_images_resolve(string file) =>
        AssertClean(file, ContentLint.LinkProblems(ContentLint.Load(Root, file), Root, All.Value.Select(a => a.Slug).ToHashSet()));

    [Theory, MemberData(nameof(Articles))]
    public void Math_delimiters_are_balanced(string file)
    {
        var article = ContentLint.Load(Root, file);
        AssertClean(file, ContentLint.MathProblems(article.Body, article.BodyStartLine));
    }

    [Theory, MemberData(nameof(Articles))]
    public void Calc_blocks_are_valid(string file) =>
        AssertClean(file, ContentLint.CalcProblems(ContentLint.Load(Root, file)));

    [Theory, MemberData(nameof(Articles))]
    public void Runnable_examples_have_output(string file) =>
        AssertClean(file, ContentLint.RunnableExamples(ContentLint.Load(Root, file)).Problems);

    [Theory, MemberData(nameof(Articles))]
    public void Title_and_slug_are_unique(string file) =>
        AssertClean(file, ContentLint.UniquenessProblems(ContentLint.Load(Root, file), All.Value));

    // ---- the writing rules of docs/content-style.md ----

    [Theory, MemberData(nameof(Articles))]
    public void No_references_to_the_notes(string file) => AssertStyle(file, ContentLint.NotesReferenceProblems);

    [Theory, MemberData(nameof(Articles))]
    public void No_control_characters(string file) => AssertStyle(file, ContentLint.ControlCharacterProblems);

    [Theory, MemberData(nameof(Articles))]
    public void Headings_are_plain_text(string file) => AssertStyle(file, ContentLint.HeadingProblems);

    [Theory, MemberData(nameof(Articles))]
    public void Corrections_are_pitfall_boxes(string file) => AssertStyle(file, ContentLint.PitfallProblems);

    [Theory, MemberData(nameof(Articles))]
    public void Summary_can_be_said_in_a_minute(string file) => AssertStyle(file, ContentLint.SummaryProblems);

    [Theory, MemberData(nameof(Articles))]
    public void Paragraphs_are_short(string file) => AssertStyle(file, ContentLint.ParagraphProblems);

    [Theory, MemberData(nameof(Articles))]
    public void Chinese_text_uses_chinese_quotes(string file) => AssertStyle(file, ContentLint.QuoteProblems);

    [Theory, MemberData(nameof(Articles))]
    public void One_word_per_concept(string file) => AssertStyle(file, ContentLint.TermProblems);

    [Theory, MemberData(nameof(Articles))]
    public void Abbreviations_are_introduced_with_their_chinese_name(string file) => AssertStyle(file, ContentLint.AbbreviationProblems);

    private static void AssertStyle(string file, Func<ContentArticle, List<string>> rule) =>
        AssertClean(file, rule(ContentLint.Load(Root, file)));

    /// <summary>Every file is categories.yml, an article, or an image under &lt;category&gt;/img/ that an article shows.</summary>
    [Theory, MemberData(nameof(Files))]
    public void File_is_expected_in_content(string file)
    {
        var parts = file.Split('/');
        if (file is "categories.yml" or "synonyms.yml") { return; }
        if (parts.Length == 2 && file.EndsWith(".md", StringComparison.Ordinal)) { return; }
        var isImage = parts.Length == 3 && parts[1] == "img" && ContentLint.ImageExtensions.Contains(Path.GetExtension(file).ToLowerInvariant());
        Assert.True(isImage, $"{file}: content/ holds categories.yml, synonyms.yml, <category>/<slug>.md and <category>/img/<image> only; the importer ignores this file");
        var used = All.Value.Any(a => a.Body.Contains(a.Category == parts[0] ? "img/" + parts[2] : $"{parts[0]}/img/{parts[2]}", StringComparison.Ordinal));
        Assert.True(used, $"{file}: no article of '{parts[0]}' shows this image (img/{parts[2]})");
    }

    private static void AssertClean(string file, List<string> problems) =>
        Assert.True(problems.Count == 0, $"{file}:\n  " + string.Join("\n  ", problems));

    // ---- the helpers on small inputs (so that the lint can fail) ----

    private static ContentArticle Article(string body, ArticleMeta? meta = null, string category = "cat", string slug = "a") =>
        new($"{category}/{slug}.md", category, slug, meta ?? new ArticleMeta { Title = "标题" }, body, 1);

    private const string GoodBody = """
        ## 答案要点

        短答案 $x$。

        ## 推导

        $$
        y = x^2
        $$

        ## 常见追问

        - 问？答。

        ## 参考

        - 某论文
        """;

    [Fact]
    public void Front_matter_problems_name_each_missing_field()
    {
        var good = new ArticleMeta { Title = "t", TitleEn = "t", Difficulty = 2, Keywords = ["a", "b", "c"], Tags = ["x"] };
        Assert.Empty(ContentLint.FrontMatterProblems(good, "cat", "good-slug-2", new HashSet<string> { "cat" }));

        var bad = new ArticleMeta { Title = "t", Keywords = ["a", "b"] };
        var problems = ContentLint.FrontMatterProblems(bad, "nope", "Bad_Slug", new HashSet<string> { "cat" });
        Assert.Contains(problems, p => p.Contains("'nope' is not in categories.yml", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("slug 'Bad_Slug'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("title_en", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("difficulty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("2 keywords", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("tags", StringComparison.Ordinal));
    }

    [Fact]
    public void Section_problems_accept_the_convention() => Assert.Empty(ContentLint.SectionProblems(Article(GoodBody)));

    [Theory]
    [InlineData("## 推导\n\n## 答案要点\n\n## 常见追问\n\n## 参考\n", "line 1: the first section is '## 推导'")]
    [InlineData("## 答案要点\n\n## 推导\n\n## 常见追问\n", "no ## 参考 section")]
    [InlineData("## 答案要点\n\n## 推导\n\n## 参考\n", "no ## 常见追问 section")]
    [InlineData("## 答案要点\n\n## 常见追问\n\n## 参考\n", "line 3: no explanation section")]
    [InlineData("## 答案要点\n\n## 推导\n\n## 参考\n\n## 常见追问\n", "line 5: ## 参考 must come after ## 常见追问")]
    [InlineData("# 标题\n\n## 答案要点\n\n## 推导\n\n## 常见追问\n\n## 参考\n", "line 1: '# 标题'")]
    [InlineData("只有正文\n", "no ## sections")]
    public void Section_problems_report_what_is_wrong(string body, string expected) =>
        Assert.Contains(ContentLint.SectionProblems(Article(body)), p => p.StartsWith(expected, StringComparison.Ordinal));

    [Fact]
    public void Link_problems_check_articles_images_and_anchors()
    {
        var root = Path.Combine(Path.GetTempPath(), "kb-lint", Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "cat", "img"));
            Directory.CreateDirectory(Path.Combine(root, "other"));
            File.WriteAllText(Path.Combine(root, "cat", "img", "x.svg"), "<svg/>");
            File.WriteAllText(Path.Combine(root, "cat", "img", "notes.txt"), "");
            File.WriteAllText(Path.Combine(root, "other", "b.md"), "---\ntitle: b\n---\n## 答案要点\n\n## 推导 x\n");
            const string body = """
                ## 答案要点

                [ok](../other/b.md) [ok](../other/b.md#推导-x) [ok](#答案要点) [ok](https://example.org) [ok](/a/b) ![ok](img/x.svg)
                [bad](../other/missing.md)
                ![bad](img/missing.svg)
                ![](img/x.svg)
                [bad](#没有这个标题)
                [bad](/a/nobody)
                [bad](notes.txt)
                <img src="img/x.svg" alt="raw">
                [bad](img/x.svg.md)
                ![bad](img/notes.txt)
                ![bad](../../outside.svg)
                [bad](../other/b.md#答案)
                """;
            var problems = ContentLint.LinkProblems(Article(body), root, new HashSet<string> { "a", "b" });
            string[] expected =
            [
                "line 4: link '../other/missing.md'",
                "line 5: image 'img/missing.svg' does not exist",
                "line 6: image 'img/x.svg' has no alt text",
                "line 7: link '#没有这个标题'",
                "line 8: link '/a/nobody'",
                "line 9: relative link 'notes.txt'",
                "line 10: raw HTML src/href 'img/x.svg'",
                "line 11: link 'img/x.svg.md'",
                "line 12: image 'img/notes.txt' is not a web image",
                "line 13: image '../../outside.svg' does not exist",
                "line 14: link '../other/b.md#答案': that article has no heading",
            ];
            foreach (var e in expected)
            {
                Assert.Contains(problems, p => p.StartsWith(e, StringComparison.Ordinal));
            }
            Assert.Equal(expected.Length, problems.Count);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("$a$ 与 $$b$$，以及\n\n$$\nc\n$$\n")]
    [InlineData("代码 `$` 和 ``a ` $ b`` 不算\n")]
    [InlineData("```python\nprice = '$5'\n```\n")]
    [InlineData("~~~\n$$\n~~~\n")]
    [InlineData("转义 \\$5 不是公式，$\\$x$ 也平衡\n")]
    [InlineData("    ```bash\n    echo $HOME\n    ```\n")]
    public void Math_problems_accept_balanced_text(string markdown) => Assert.Empty(ContentLint.MathProblems(markdown));

    [Theory]
    [InlineData("价格 $5\n", "line 1: inline math $ is not closed")]
    [InlineData("一段 $a\n\n另一段 b$\n", "line 1: inline math $ is not closed before the paragraph ends")]
    [InlineData("正文\n\n$$\nx = 1\n", "line 3: display math $$ is not closed")]
    [InlineData("$$a$$ 后 $$b\n", "line 1: display math $$ is not closed")]
    [InlineData("```python\nx\n", "code fence ``` is not closed")]
    public void Math_problems_report_the_opening_line(string markdown, string expected) =>
        Assert.Contains(ContentLint.MathProblems(markdown), p => p.StartsWith(expected, StringComparison.Ordinal));

    [Fact]
    public void Math_problems_count_lines_from_the_file_start() =>
        Assert.Equal(["line 12: inline math $ is not closed"], ContentLint.MathProblems("\n\n$x", firstLine: 10));

    [Fact]
    public void Calc_problems_accept_a_valid_block() =>
        Assert.Empty(ContentLint.CalcProblems(Article("```calc\n{\"endpoint\": \"pool\", \"request\": {\"size\": 2}}\n```\n")));

    [Theory]
    [InlineData("{\"endpoint\": \"pool\", \"request\": ", "not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{\"endpoint\": \"magic\", \"request\": {}}", "needs \"endpoint\"")]
    [InlineData("{\"request\": {}}", "needs \"endpoint\"")]
    [InlineData("{\"endpoint\": \"params\"}", "needs a \"request\" object")]
    [InlineData("{\"endpoint\": \"params\", \"request\": 3}", "needs a \"request\" object")]
    public void Calc_problems_report_bad_blocks(string json, string expected)
    {
        var problems = ContentLint.CalcProblems(Article($"正文\n\n```calc\n{json}\n```\n"));
        Assert.Contains(problems, p => p.StartsWith("line 3:", StringComparison.Ordinal) && p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Uniqueness_problems_report_same_title_and_slug()
    {
        var a = Article(GoodBody, new ArticleMeta { Title = "同一个问题" }, "cat", "same");
        var b = Article(GoodBody, new ArticleMeta { Title = " 同一个问题 " }, "other", "same");
        var c = Article(GoodBody, new ArticleMeta { Title = "另一个问题" }, "cat", "different");
        var problems = ContentLint.UniquenessProblems(a, [a, b, c]);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("title '同一个问题' is also the title of other/same.md", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("slug 'same' is also used by other/same.md", StringComparison.Ordinal));
        Assert.Empty(ContentLint.UniquenessProblems(c, [a, b, c]));
    }

    // ---- the writing rules on small inputs ----

    [Fact]
    public void Notes_references_are_reported()
    {
        Assert.Equal(["line 1: speaks of the notes (笔记 / the notes); say what is right instead"], ContentLint.NotesReferenceProblems(Article("原笔记说错了。\n")));
        Assert.Single(ContentLint.NotesReferenceProblems(Article("As the notes say.\n")));
        Assert.Empty(ContentLint.NotesReferenceProblems(Article("正文。\n")));
    }

    [Fact]
    public void Control_characters_are_reported()
    {
        Assert.Empty(ContentLint.ControlCharacterProblems(Article(GoodBody)));
        var problems = ContentLint.ControlCharacterProblems(Article("## 答案要点\n\n$a \a b$ 与 $x\fy$\n"));
        Assert.Single(problems);
        Assert.Contains("U+0007", problems[0]);
        Assert.Single(ContentLint.ControlCharacterProblems(Article("## 答案要点\n\n$2\times 3$\n")));
    }

    [Fact]
    public void Headings_with_math_are_reported()
    {
        var problems = ContentLint.HeadingProblems(Article("## 为什么是 $(n+1)m$\n\n## 纯文本 (n+1)m\n\n### 价格 \\$5\n"));
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("line 1: heading", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("line 5: heading", problems[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("::: pitfall\n**常见误区**：错。\n\n**正确理解**：对。\n:::\n", null)]
    [InlineData("::: pitfall\n**常见误区**：错。\n:::\n", "line 1: a pitfall box has two paragraphs")]
    [InlineData("::: pitfall\n**正确理解**：对。\n\n**常见误区**：错。\n:::\n", "line 1: a pitfall box has two paragraphs")]
    [InlineData("::: note\n文字\n:::\n", "line 1: container '::: note'")]
    [InlineData("正文\n\n**常见误区**：错。\n", "line 3: a correction goes in")]
    [InlineData("> **笔记勘误**：错。\n", "line 1: a correction goes in")]
    public void Pitfall_boxes_need_both_labels(string body, string? expected)
    {
        var problems = ContentLint.PitfallProblems(Article(body));
        if (expected is null) { Assert.Empty(problems); }
        else { Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal)); }
    }

    [Fact]
    public void A_long_summary_is_reported_and_math_counts_as_read()
    {
        var ok = "## 答案要点\n\n" + new string('字', 340) + " $\\frac{\\partial C}{\\partial w}$\n\n## 推导\n\n" + new string('长', 400) + "\n";
        Assert.Empty(ContentLint.SummaryProblems(Article(ok)));
        var tooLong = "## 答案要点\n\n" + new string('字', 200) + "\n\n- " + new string('字', 151) + "\n\n## 推导\n";
        Assert.Equal(["line 1: ## 答案要点 has 351 characters; at most 350 (about a minute said aloud)"], ContentLint.SummaryProblems(Article(tooLong)));
    }

    [Fact]
    public void Long_paragraphs_are_reported_but_not_lists_tables_or_code()
    {
        var longText = new string('字', 301);
        var body = $"{longText}\n\n- {longText}\n\n| a |\n|---|\n| {longText} |\n\n```\n{longText}\n```\n\n> {longText}\n";
        var problems = ContentLint.ParagraphProblems(Article(body));
        Assert.Equal(["line 1: paragraph of 301 characters; split it (at most 300)", "line 13: paragraph of 301 characters; split it (at most 300)"], problems);
        Assert.Empty(ContentLint.ParagraphProblems(Article(new string('字', 300) + "\n")));
    }

    [Fact]
    public void Ascii_quotes_around_chinese_are_reported()
    {
        var problems = ContentLint.QuoteProblems(Article("他说\"你好\"。英文 \"hello\" 可以，代码 `print(\"中文\")` 也可以，“中文”正确。\n"));
        Assert.Equal(["line 1: \"你好\": Chinese text is quoted “…”"], problems);
    }

    [Fact]
    public void Banned_term_variants_are_reported_outside_code()
    {
        var problems = ContentLint.TermProblems(Article("权值共享和降采样，BatchSize 也不行；`batchsize` 在代码里可以。\n"));
        Assert.Equal(["line 1: '权值共享': write '权重共享'", "line 1: '降采样': write '下采样'", "line 1: 'batchsize': write 'batch size'"], problems);
    }

    [Theory]
    [InlineData("批归一化（Batch Normalization，BN）很常用，BN 层。\n", null)]
    [InlineData("批归一化（BN）很常用。\n", null)]
    [InlineData("**批归一化**（Batch Normalization，BN）很常用。\n", null)]
    [InlineData("## BN 是什么\n\n批归一化（BN）。\n", null)]
    [InlineData("见 [BN 的缺点](../a/b.md)。SyncBN 和 W-MSE 不是缩写本身。\n\n## 参考\n\n- BN 论文\n", null)]
    [InlineData("BN 很常用，批归一化（BN）。\n", "line 1: first use of BN without its Chinese name")]
    [InlineData("正文\n\n- 用 LSTM。\n", "line 3: first use of LSTM without its Chinese name")]
    [InlineData("学习率（learning rate，LR）和逻辑回归（LR）。\n", null)]
    public void Abbreviations_need_their_chinese_name_at_first_use(string body, string? expected)
    {
        var problems = ContentLint.AbbreviationProblems(Article(body));
        if (expected is null) { Assert.Empty(problems); }
        else { Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal)); }
    }
}
