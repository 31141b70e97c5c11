using System.Text;
using System.Text.RegularExpressions;
using Markdig.Extensions.CustomContainers;
using Markdig.Extensions.Mathematics;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace KnowledgeBase.Tests.Content;

/// <summary>
/// The writing rules of docs/content-style.md that a program can check. Text means what a reader reads:
/// code spans, code blocks and math are not text, except where a length is counted (there math and code
/// are read aloud too).
/// </summary>
public static partial class ContentLint
{
    /// <summary>Said aloud in about a minute: characters of 答案要点, whitespace not counted.</summary>
    public const int MaxSummaryChars = 350;

    /// <summary>A paragraph longer than this (whitespace not counted) is split; lists, tables, code and math are not paragraphs.</summary>
    public const int MaxParagraphChars = 300;

    /// <summary>The one container an article may use: the box that corrects a common mistake.</summary>
    public const string PitfallContainer = "pitfall";

    public const string MistakeLabel = "常见误区";

    public const string CorrectLabel = "正确理解";

    /// <summary>One word per concept: a variant on the left is written as the term on the right.</summary>
    public static readonly (string Variant, string Use)[] BannedTerms =
    [
        ("权值共享", "权重共享"),
        ("降采样", "下采样"),
        ("batchsize", "batch size"),
        ("batch-size", "batch size"),
        ("batch 大小", "batch size"),
        ("batch大小", "batch size"),
        ("批大小", "batch size"),
        ("批量大小", "batch size"),
        ("批量归一化", "批归一化"),
        ("批标准化", "批归一化"),
        ("批量标准化", "批归一化"),
        ("梯度弥散", "梯度消失"),
    ];

    /// <summary>
    /// Abbreviations whose first use in the text must carry the Chinese name, as 中文名（English Name，ABBR）
    /// or 中文名（ABBR）; the names listed are the accepted ones (the first is the preferred one).
    /// </summary>
    public static readonly (string Abbreviation, string[] ChineseNames)[] Abbreviations =
    [
        ("BN", ["批归一化"]),
        ("LN", ["层归一化"]),
        ("GN", ["组归一化"]),
        ("IN", ["实例归一化"]),
        ("CNN", ["卷积神经网络"]),
        ("RNN", ["循环神经网络"]),
        ("LSTM", ["长短期记忆网络", "长短期记忆"]),
        ("GRU", ["门控循环单元"]),
        ("DNN", ["深度神经网络"]),
        ("MLP", ["多层感知机"]),
        ("SGD", ["随机梯度下降"]),
        ("SVM", ["支持向量机"]),
        ("PCA", ["主成分分析"]),
        ("LDA", ["线性判别分析", "隐狄利克雷分布"]),
        ("GBDT", ["梯度提升决策树"]),
        ("LR", ["逻辑回归", "学习率"]),
        ("MSE", ["均方误差"]),
    ];

    /// <summary>
    /// Control characters other than tab in the source: they come from a backslash sequence eaten by a script
    /// (<c>\times</c> written through a string becomes a tab and "imes") and break the LaTeX silently.
    /// </summary>
    public static List<string> ControlCharacterProblems(ContentArticle article)
    {
        var problems = new List<string>();
        var lines = article.Body.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var bad = lines[i].TrimEnd('\r').FirstOrDefault(c => char.IsControl(c) && c != '\t');
            if (bad != default) { problems.Add($"line {article.FileLine(i)}: control character U+{(int)bad:X4}"); }
            else if (lines[i].Contains('$') && EatenTabRegex().IsMatch(lines[i]))
            {
                problems.Add($"line {article.FileLine(i)}: a tab followed by a letter in a line with math (\\times, \\tau, \\text … eaten by a script?)");
            }
        }
        return problems;
    }

    [GeneratedRegex(@"\t[a-z]")]
    private static partial Regex EatenTabRegex();

    /// <summary>Mentions of the notes the articles were once written from: they mean nothing to a reader of the site.</summary>
    public static List<string> NotesReferenceProblems(ContentArticle article)
    {
        var problems = new List<string>();
        foreach (var (text, line) in TextBlocks(article, withCode: true))
        {
            if (text.Contains("笔记", StringComparison.Ordinal) || NotesRegex().IsMatch(text))
            {
                problems.Add($"line {line}: speaks of the notes (笔记 / the notes); say what is right instead");
            }
        }
        return problems;
    }

    /// <summary>A heading is plain text: math in it shows as raw LaTeX in the table of contents and the anchor.</summary>
    public static List<string> HeadingProblems(ContentArticle article) =>
        article.Document.Descendants<HeadingBlock>()
            .Where(h => h.Inline?.Descendants<MathInline>().Any() == true || HeadingSource(article, h).Contains('$', StringComparison.Ordinal))
            .Select(h => $"line {article.FileLine(h.Line)}: heading '{HeadingText(h)}' holds math ($); write it in plain text")
            .ToList();

    /// <summary>
    /// Every correction is a ::: pitfall box whose paragraphs start with **常见误区**： and **正确理解**： (once each,
    /// in that order); no other container, and no correction labelled otherwise outside the box.
    /// </summary>
    public static List<string> PitfallProblems(ContentArticle article)
    {
        var problems = new List<string>();
        foreach (var container in article.Document.Descendants<CustomContainer>())
        {
            var line = article.FileLine(container.Line);
            if (container.Info != PitfallContainer)
            {
                problems.Add($"line {line}: container '::: {container.Info}': the only container is '::: {PitfallContainer}'");
                continue;
            }
            var labels = container.Descendants<ParagraphBlock>().Select(LeadingLabel).Where(l => l is not null).ToList();
            if (labels.Count != 2 || labels[0] != MistakeLabel || labels[1] != CorrectLabel)
            {
                problems.Add($"line {line}: a pitfall box has two paragraphs starting **{MistakeLabel}**： and **{CorrectLabel}**： (found: {string.Join(", ", labels.DefaultIfEmpty("none"))})");
            }
        }
        foreach (var paragraph in article.Document.Descendants<ParagraphBlock>())
        {
            var inBox = paragraph.Parent is CustomContainer;
            var text = Text(paragraph.Inline, withCode: false);
            if (!inBox && (LeadingLabel(paragraph) is MistakeLabel or CorrectLabel || text.Contains("勘误", StringComparison.Ordinal)))
            {
                problems.Add($"line {article.FileLine(paragraph.Line)}: a correction goes in a '::: {PitfallContainer}' box with **{MistakeLabel}**： and **{CorrectLabel}**：");
            }
        }
        return problems;
    }

    /// <summary>答案要点 must be short enough to say aloud in about a minute.</summary>
    public static List<string> SummaryProblems(ContentArticle article)
    {
        var blocks = article.Document.ToList();
        var start = blocks.FindIndex(b => b is HeadingBlock { Level: 2 } h && HeadingText(h).StartsWith("答案要点", StringComparison.Ordinal));
        if (start < 0) { return []; } // SectionProblems reports it
        var count = blocks.Skip(start + 1).TakeWhile(b => b is not HeadingBlock { Level: <= 2 })
            .SelectMany(b => b.Descendants<LeafBlock>().Prepend(b as LeafBlock).OfType<LeafBlock>())
            .Sum(Length);
        return count <= MaxSummaryChars ? [] :
            [$"line {article.FileLine(blocks[start].Line)}: ## 答案要点 has {count} characters; at most {MaxSummaryChars} (about a minute said aloud)"];
    }

    /// <summary>Paragraphs (not list items, table cells, code or math) longer than <see cref="MaxParagraphChars"/>.</summary>
    public static List<string> ParagraphProblems(ContentArticle article) =>
        article.Document.Descendants<ParagraphBlock>()
            .Where(p => !Ancestors(p).Any(a => a is ListItemBlock or Table))
            .Select(p => (Paragraph: p, Length: Length(p)))
            .Where(x => x.Length > MaxParagraphChars)
            .Select(x => $"line {article.FileLine(x.Paragraph.Line)}: paragraph of {x.Length} characters; split it (at most {MaxParagraphChars})")
            .ToList();

    /// <summary>Chinese text is quoted “…”, not "…" (code and math aside).</summary>
    public static List<string> QuoteProblems(ContentArticle article)
    {
        var problems = new List<string>();
        foreach (var (text, line) in TextBlocks(article, withCode: false).Concat([(article.Meta.Title ?? "", 1)]))
        {
            foreach (Match m in AsciiQuotedRegex().Matches(text))
            {
                if (CjkRegex().IsMatch(m.Groups[1].Value))
                {
                    problems.Add($"line {line}: {m.Value}: Chinese text is quoted “…”");
                }
            }
        }
        return problems;
    }

    /// <summary>Variants of a term that the site writes one way (<see cref="BannedTerms"/>), outside code and math.</summary>
    public static List<string> TermProblems(ContentArticle article)
    {
        var problems = new List<string>();
        foreach (var (text, line) in TextBlocks(article, withCode: false).Concat([(article.Meta.Title ?? "", 1)]))
        {
            foreach (var (variant, use) in BannedTerms.Where(t => text.Contains(t.Variant, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"line {line}: '{variant}': write '{use}'");
            }
        }
        return problems;
    }

    /// <summary>
    /// The first use of each abbreviation of <see cref="Abbreviations"/> in the text reads 中文名（English Name，ABBR）
    /// or 中文名（ABBR）. Headings, link texts (they name other articles) and the 参考 section (titles of
    /// sources) are not counted as uses; a part of a longer name (SyncBN, W-MSE) is not the abbreviation.
    /// </summary>
    public static List<string> AbbreviationProblems(ContentArticle article)
    {
        var problems = new List<string>();
        var references = article.Document.OfType<HeadingBlock>()
            .FirstOrDefault(h => h.Level == 2 && HeadingText(h).StartsWith("参考", StringComparison.Ordinal))?.Line ?? int.MaxValue;
        var blocks = article.Document.Descendants<LeafBlock>()
            .Where(b => b.Inline is not null && b is not HeadingBlock && b.Line < references)
            .Select(b => (Text: Text(b.Inline, withCode: false, withLinks: false), Line: article.FileLine(b.Line)))
            .ToList();
        foreach (var (abbreviation, names) in Abbreviations)
        {
            var word = new Regex($"(?<![A-Za-z0-9_-]){abbreviation}(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant);
            foreach (var (text, line) in blocks)
            {
                var m = word.Match(text);
                if (!m.Success) { continue; }
                var before = text[..m.Index];
                var introduced = names.Any(n => Regex.IsMatch(before, Regex.Escape(n) + @"\**（[^（）]*$"))
                                 && text.AsSpan(m.Index + m.Length).StartsWith("）");
                if (!introduced)
                {
                    problems.Add($"line {line}: first use of {abbreviation} without its Chinese name: write {names[0]}（…，{abbreviation}）");
                }
                break;
            }
        }
        return problems;
    }

    private static string? LeadingLabel(ParagraphBlock paragraph)
    {
        if (paragraph.Inline?.FirstChild is not EmphasisInline { DelimiterCount: 2 } strong) { return null; }
        var label = Text(strong, withCode: false);
        return label is MistakeLabel or CorrectLabel && strong.NextSibling is LiteralInline next
                                                     && next.Content.ToString().StartsWith('：') ? label : null;
    }

    /// <summary>Text of each leaf block with inlines (paragraphs, headings, table cells) and the file line it starts on.</summary>
    private static IEnumerable<(string Text, int Line)> TextBlocks(ContentArticle article, bool withCode) =>
        article.Document.Descendants<LeafBlock>()
            .Where(b => b.Inline is not null)
            .Select(b => (Text(b.Inline, withCode), article.FileLine(b.Line)));

    /// <summary>Characters as read: whitespace not counted, math without its LaTeX commands, braces, ^, _ and &amp;.</summary>
    private static int Length(LeafBlock block) => block switch
    {
        MathBlock math => NonSpace(Spoken(math.Lines.ToString())),
        { Inline: { } inline } => NonSpace(Text(inline, withCode: true, spokenMath: true)),
        _ => 0,
    };

    private static string Spoken(string latex) => LatexMarkupRegex().Replace(latex, "");

    private static int NonSpace(string text) => text.Count(c => !char.IsWhiteSpace(c));

    /// <summary>
    /// Literal text in order; code spans and inline math included only <paramref name="withCode"/>, else a space;
    /// image alt texts never, link texts only <paramref name="withLinks"/>.
    /// </summary>
    private static string Text(ContainerInline? inline, bool withCode, bool withLinks = true, bool spokenMath = false)
    {
        if (inline is null) { return ""; }
        var sb = new StringBuilder();
        foreach (var child in inline.Descendants())
        {
            if (child is Inline node && InsideLink(node, images: true, links: !withLinks)) { continue; }
            switch (child)
            {
                case LiteralInline literal: sb.Append(literal.Content); break;
                case CodeInline code: sb.Append(withCode ? code.Content : " "); break;
                case MathInline math: sb.Append(!withCode ? " " : spokenMath ? Spoken(math.Content.ToString()) : math.Content); break;
                case LineBreakInline: sb.Append(' '); break;
            }
        }
        return sb.ToString();
    }

    private static bool InsideLink(Inline inline, bool images, bool links)
    {
        for (var parent = inline.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is LinkInline link && (link.IsImage ? images : links)) { return true; }
        }
        return false;
    }

    private static string HeadingSource(ContentArticle article, HeadingBlock heading)
    {
        var lines = article.Body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return heading.Line < lines.Length ? lines[heading.Line] : "";
    }

    private static IEnumerable<Block> Ancestors(Block block)
    {
        for (var parent = block.Parent; parent is not null; parent = parent.Parent) { yield return parent; }
    }

    [GeneratedRegex(@"\bthe (original )?notes\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotesRegex();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex AsciiQuotedRegex();

    [GeneratedRegex(@"\\[A-Za-z]+|[{}^_&\\]")]
    private static partial Regex LatexMarkupRegex();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex CjkRegex();
}
