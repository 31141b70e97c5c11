using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeBase.Articles;
using KnowledgeBase.Calculators;
using KnowledgeBase.Common;
using KnowledgeBase.Content;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace KnowledgeBase.Tests.Content;

/// <summary>One article of content/, parsed with the app's own front matter parser and a Markdig pipeline like the renderer's.</summary>
public sealed record ContentArticle(string RelativePath, string Category, string Slug, ArticleMeta Meta, string Body, int BodyStartLine)
{
    public MarkdownDocument Document { get; } = Markdown.Parse(Body, ContentLint.Pipeline);

    /// <summary>1-based line in the file of a 0-based line of the body (Markdig's numbering).</summary>
    public int FileLine(int bodyLine) => BodyStartLine + bodyLine;
}

/// <summary>A ```python runnable block; <see cref="NeedsNumpy"/> when its info string also says numpy.</summary>
public sealed record RunnableExample(int Index, int Line, string Code, string ExpectedOutput, bool NeedsNumpy = false);

/// <summary>
/// Checks behind the content lint and runnable-example tests. Each returns problems as text naming the line,
/// so a failing theory case says file, line and what is wrong; an empty list means clean.
/// </summary>
public static partial class ContentLint
{
    public static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>The endpoints of POST /api/calc/{endpoint} that a calc block may name: the app's own list.</summary>
    public static readonly string[] CalcEndpoints = CalculatorsApi.Endpoints.Select(e => e.Name).ToArray();

    public static readonly string[] ImageExtensions = [".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"];

    /// <summary>Article files as the importer finds them (content/&lt;category&gt;/&lt;slug&gt;.md), relative with '/'.</summary>
    public static IReadOnlyList<string> ArticlePaths(string contentRoot) =>
        ContentImporter.EnumerateArticles(contentRoot).Select(f => Relative(contentRoot, f)).ToList();

    /// <summary>Every file under content/, hidden ones excluded.</summary>
    public static IReadOnlyList<string> AllFiles(string contentRoot) =>
        Directory.EnumerateFiles(contentRoot, "*", SearchOption.AllDirectories)
            .Select(f => Relative(contentRoot, f))
            .Where(f => !f.Split('/').Any(part => part.StartsWith('.')))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static IReadOnlySet<string> Categories(string contentRoot)
    {
        var text = FrontMatter.DecodeUtf8(File.ReadAllBytes(Path.Combine(contentRoot, "categories.yml")));
        return (Yaml.Deserialize<List<CategoryEntry>?>(text) ?? []).Select(c => c.Slug).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Parses one article; throws <see cref="ContentException"/> (with the line) when the importer would skip it.</summary>
    public static ContentArticle Load(string contentRoot, string relativePath)
    {
        var full = Path.Combine(contentRoot, relativePath);
        var parsed = FrontMatter.Parse(FrontMatter.DecodeUtf8(File.ReadAllBytes(full)));
        return new ContentArticle(relativePath, Path.GetFileName(Path.GetDirectoryName(full))!,
            Path.GetFileNameWithoutExtension(full), parsed.Meta, parsed.Body, parsed.BodyStartLine);
    }

    public static List<string> FrontMatterProblems(ArticleMeta meta, string category, string slug, IReadOnlySet<string> categories)
    {
        var problems = new List<string>();
        if (!categories.Contains(category)) { problems.Add($"category folder '{category}' is not in categories.yml"); }
        if (!SlugRegex().IsMatch(slug)) { problems.Add($"slug '{slug}' (the file name) must be lowercase ASCII words joined by hyphens"); }
        if (string.IsNullOrWhiteSpace(meta.TitleEn)) { problems.Add("front matter has no title_en"); }
        if (meta.Difficulty is null) { problems.Add("front matter has no difficulty (1-3)"); }
        if (meta.Keywords.Count < 3) { problems.Add($"front matter has {meta.Keywords.Count} keywords; at least 3 (English terms and Chinese synonyms)"); }
        if (meta.Tags.Count == 0) { problems.Add("front matter has no tags"); }
        return problems;
    }

    /// <summary>Titles (ignoring case and surrounding space) and slugs must be unique across content/.</summary>
    public static List<string> UniquenessProblems(ContentArticle article, IEnumerable<ContentArticle> all)
    {
        var problems = new List<string>();
        foreach (var other in all.Where(o => o.RelativePath != article.RelativePath))
        {
            if (string.Equals(other.Meta.Title?.Trim(), article.Meta.Title?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"title '{article.Meta.Title}' is also the title of {other.RelativePath}");
            }
            if (string.Equals(other.Slug, article.Slug, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"slug '{article.Slug}' is also used by {other.RelativePath} (the importer skips one of them)");
            }
        }
        return problems;
    }

    /// <summary>
    /// ## 答案要点 first, then at least one section of explanation, then ## 常见追问, then ## 参考 (headings may go on,
    /// e.g. "参考资料"). No # heading: the title comes from the front matter.
    /// </summary>
    public static List<string> SectionProblems(ContentArticle article)
    {
        var problems = new List<string>();
        var headings = article.Document.Descendants<HeadingBlock>().ToList();
        foreach (var h1 in headings.Where(h => h.Level == 1))
        {
            problems.Add($"line {article.FileLine(h1.Line)}: '# {HeadingText(h1)}': sections are ##, the title comes from the front matter");
        }
        var h2 = headings.Where(h => h.Level == 2).Select(h => (Text: HeadingText(h), Line: article.FileLine(h.Line))).ToList();
        int Find(string prefix) => h2.FindIndex(h => h.Text.StartsWith(prefix, StringComparison.Ordinal));
        var summary = Find("答案要点");
        var followUps = Find("常见追问");
        var references = Find("参考");
        if (h2.Count == 0 || summary != 0)
        {
            problems.Add(h2.Count == 0 ? "no ## sections: the article must open with ## 答案要点"
                : $"line {h2[0].Line}: the first section is '## {h2[0].Text}', it must be ## 答案要点");
        }
        if (followUps < 0) { problems.Add("no ## 常见追问 section"); }
        if (references < 0) { problems.Add("no ## 参考 section"); }
        if (summary >= 0 && followUps > summary && followUps - summary < 2)
        {
            problems.Add($"line {h2[followUps].Line}: no explanation section between ## 答案要点 and ## 常见追问");
        }
        if (followUps >= 0 && references >= 0 && references < followUps)
        {
            problems.Add($"line {h2[references].Line}: ## 参考 must come after ## 常见追问");
        }
        return problems;
    }

    /// <summary>
    /// Relative links must point at an existing article (../category/slug.md), relative images at an existing
    /// file under content/ with alt text, #fragments at a heading of this article, /a/slug at a known slug.
    /// </summary>
    public static List<string> LinkProblems(ContentArticle article, string contentRoot, IReadOnlySet<string> slugs)
    {
        var problems = new List<string>();
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(contentRoot));
        var articleDir = Path.Combine(root, article.Category);
        var ids = HeadingIds(article.Document);

        foreach (var link in article.Document.Descendants<LinkInline>())
        {
            var line = article.FileLine(link.Line);
            var url = link.Url ?? "";
            var what = link.IsImage ? "image" : "link";
            if (link.IsImage && link.FirstChild is null)
            {
                problems.Add($"line {line}: image '{url}' has no alt text");
            }
            if (url.Length == 0) { problems.Add($"line {line}: empty {what} target"); continue; }
            if (url.StartsWith("//", StringComparison.Ordinal) || SchemeRegex().IsMatch(url)) { continue; }
            if (url.StartsWith('#'))
            {
                var id = Uri.UnescapeDataString(url[1..]);
                if (!ids.Contains(id)) { problems.Add($"line {line}: {what} '{url}': no heading of this article has that id"); }
                continue;
            }
            if (url.StartsWith('/'))
            {
                var site = url.Split('#', '?')[0];
                if (site.StartsWith("/a/", StringComparison.Ordinal) && !slugs.Contains(Uri.UnescapeDataString(site[3..])))
                {
                    problems.Add($"line {line}: {what} '{url}': no article has that slug");
                }
                continue;
            }
            var path = Uri.UnescapeDataString(url.Split('#', '?')[0]);
            var target = Path.GetFullPath(Path.Combine(articleDir, path));
            var inside = target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
            if (link.IsImage)
            {
                if (!inside || !File.Exists(target)) { problems.Add($"line {line}: image '{url}' does not exist under content/"); }
                else if (!ImageExtensions.Contains(Path.GetExtension(target).ToLowerInvariant()))
                {
                    problems.Add($"line {line}: image '{url}' is not a web image ({string.Join(", ", ImageExtensions)})");
                }
            }
            else if (path.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            {
                // The renderer maps any x.md to /a/x, so the file must be an article: content/<category>/<slug>.md.
                if (!inside || !File.Exists(target) || Path.GetDirectoryName(Path.GetDirectoryName(target)) != root)
                {
                    problems.Add($"line {line}: link '{url}' does not point at an article file (expected ../<category>/<slug>.md)");
                }
                else if (url.IndexOf('#') is var hash and >= 0 && !TargetHasAnchor(target, Uri.UnescapeDataString(url[(hash + 1)..])))
                {
                    problems.Add($"line {line}: link '{url}': that article has no heading with this id");
                }
            }
            else
            {
                problems.Add($"line {line}: relative link '{url}' is neither an article (.md) nor an image; on the site it would not resolve");
            }
        }

        // Raw HTML is not rewritten by the renderer, so a relative src there is broken on the site.
        foreach (var (html, bodyLine) in article.Document.Descendants<HtmlBlock>().Select(b => (b.Lines.ToString(), b.Line))
                     .Concat(article.Document.Descendants<HtmlInline>().Select(i => (i.Tag, i.Line))))
        {
            foreach (Match m in RawSrcRegex().Matches(html))
            {
                var src = m.Groups[1].Value;
                if (!src.StartsWith('/') && !src.StartsWith('#') && !SchemeRegex().IsMatch(src))
                {
                    problems.Add($"line {article.FileLine(bodyLine)}: raw HTML src/href '{src}' is not rewritten for the site; use Markdown ![alt](img/...) or [text](../category/slug.md)");
                }
            }
        }
        return problems;
    }

    /// <summary>
    /// $…$ and $$…$$ must be balanced outside code spans and fenced code; an inline $ must close before the
    /// paragraph ends. \$ is a literal dollar.
    /// </summary>
    public static List<string> MathProblems(string markdown, int firstLine = 1)
    {
        var problems = new List<string>();
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string? fence = null;
        int display = -1, inline = -1; // line where an open $$ / $ started, -1 when closed
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var lineNo = firstLine + i;
            var fenceMatch = FenceRegex().Match(line);
            if (fence is null && fenceMatch.Success && display < 0)
            {
                fence = fenceMatch.Groups[1].Value;
                continue;
            }
            if (fence is not null)
            {
                if (fenceMatch.Success && fenceMatch.Groups[1].Value[0] == fence[0] && fenceMatch.Groups[1].Length >= fence.Length
                    && line.Trim().Length == fenceMatch.Groups[1].Length)
                {
                    fence = null;
                }
                continue;
            }
            if (line.Trim().Length == 0 && inline >= 0)
            {
                problems.Add($"line {inline}: inline math $ is not closed before the paragraph ends");
                inline = -1;
            }
            for (var j = 0; j < line.Length; j++)
            {
                var c = line[j];
                if (c == '\\') { j++; continue; }
                if (c == '`' && display < 0 && inline < 0)
                {
                    var run = 1;
                    while (j + run < line.Length && line[j + run] == '`') { run++; }
                    var close = FindBacktickRun(line, j + run, run);
                    j = close >= 0 ? close + run - 1 : j + run - 1;
                    continue;
                }
                if (c != '$') { continue; }
                if (inline >= 0) { inline = -1; continue; }
                if (j + 1 < line.Length && line[j + 1] == '$')
                {
                    display = display >= 0 ? -1 : lineNo;
                    j++;
                    continue;
                }
                if (display < 0) { inline = lineNo; }
            }
        }
        if (inline >= 0) { problems.Add($"line {inline}: inline math $ is not closed"); }
        if (display >= 0) { problems.Add($"line {display}: display math $$ is not closed"); }
        if (fence is not null) { problems.Add($"code fence {fence} is not closed"); }
        return problems;
    }

    /// <summary>```calc blocks: a JSON object with "endpoint" in <see cref="CalcEndpoints"/> and a "request" object.</summary>
    public static List<string> CalcProblems(ContentArticle article)
    {
        var problems = new List<string>();
        foreach (var block in article.Document.Descendants<FencedCodeBlock>().Where(b => b.Info == "calc"))
        {
            var line = article.FileLine(block.Line);
            try
            {
                using var json = JsonDocument.Parse(block.Lines.ToString());
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object) { problems.Add($"line {line}: calc block must be a JSON object"); continue; }
                if (!root.TryGetProperty("endpoint", out var endpoint) || endpoint.ValueKind != JsonValueKind.String
                    || !CalcEndpoints.Contains(endpoint.GetString()))
                {
                    problems.Add($"line {line}: calc block needs \"endpoint\" one of {string.Join(", ", CalcEndpoints)}");
                }
                if (!root.TryGetProperty("request", out var request) || request.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"line {line}: calc block needs a \"request\" object (the body of POST /api/calc/{{endpoint}})");
                }
            }
            catch (JsonException ex)
            {
                problems.Add($"line {line}: calc block is not valid JSON: {ex.Message}");
            }
        }
        return problems;
    }

    /// <summary>
    /// ```python runnable fences with the ```output fence right after each; a runnable fence without one, or an
    /// output fence after anything else, is a problem.
    /// </summary>
    public static (List<RunnableExample> Examples, List<string> Problems) RunnableExamples(ContentArticle article)
    {
        var examples = new List<RunnableExample>();
        var problems = new List<string>();
        var index = 0;
        foreach (var block in article.Document.Descendants<FencedCodeBlock>())
        {
            var line = article.FileLine(block.Line);
            if (IsRunnable(block))
            {
                index++;
                if (Sibling(block, +1) is FencedCodeBlock { Info: "output" } output)
                {
                    examples.Add(new RunnableExample(index, line, block.Lines.ToString(), output.Lines.ToString(), HasArgument(block, "numpy")));
                }
                else
                {
                    problems.Add($"line {line}: runnable example #{index} has no ```output block right after it");
                }
            }
            else if (block.Info == "output" && !(Sibling(block, -1) is FencedCodeBlock before && IsRunnable(before)))
            {
                problems.Add($"line {line}: ```output block does not follow a ```python runnable block");
            }
        }
        return (examples, problems);
    }

    private static bool IsRunnable(FencedCodeBlock block) =>
        block.Info is "python" or "python3" or "py" && HasArgument(block, "runnable");

    private static bool HasArgument(FencedCodeBlock block, string word) =>
        (block.Arguments ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(word);

    private static Block? Sibling(Block block, int offset)
    {
        if (block.Parent is not { } parent) { return null; }
        var i = parent.IndexOf(block) + offset;
        return i >= 0 && i < parent.Count ? parent[i] : null;
    }

    /// <summary>The ids the renderer gives this document's headings (<see cref="Anchors.Registry"/>, in document order).</summary>
    public static HashSet<string> HeadingIds(MarkdownDocument document)
    {
        var anchors = new Anchors.Registry();
        return document.Descendants<HeadingBlock>().Select(h => anchors.Next(HeadingText(h))).ToHashSet(StringComparer.Ordinal);
    }

    private static bool TargetHasAnchor(string file, string id)
    {
        try
        {
            var body = FrontMatter.Parse(FrontMatter.DecodeUtf8(File.ReadAllBytes(file))).Body;
            return HeadingIds(Markdown.Parse(body, Pipeline)).Contains(id);
        }
        catch (ContentException)
        {
            return true; // the target's own lint case reports its front matter
        }
    }

    public static string HeadingText(HeadingBlock heading) => ArticleRenderer.InlineText(heading.Inline);

    private static int FindBacktickRun(string line, int from, int length)
    {
        for (var k = from; k < line.Length; k++)
        {
            if (line[k] != '`') { continue; }
            var run = 1;
            while (k + run < line.Length && line[k + run] == '`') { run++; }
            if (run == length) { return k; }
            k += run - 1;
        }
        return -1;
    }

    private static string Relative(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugRegex();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex SchemeRegex();

    [GeneratedRegex(@"^\s*(`{3,}|~{3,})")]
    private static partial Regex FenceRegex();

    [GeneratedRegex("""\b(?:src|href)\s*=\s*["']([^"']+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex RawSrcRegex();
}
