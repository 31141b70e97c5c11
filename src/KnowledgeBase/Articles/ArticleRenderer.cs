using System.Security.Cryptography;
using AngleSharp.Dom;
using Ganss.Xss;
using KnowledgeBase.Calculators;
using KnowledgeBase.Common;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace KnowledgeBase.Articles;

public sealed record TocEntry(int Level, string Id, string Text);

public sealed record RenderedArticle(string Html, string PlainText, IReadOnlyList<TocEntry> Toc);

/// <summary>
/// Markdown → safe HTML. Imported content is untrusted, so every article goes through HtmlSanitizer
/// after Markdig; heading ids are assigned here so Chinese headings get readable anchors.
/// </summary>
public sealed class ArticleRenderer
{
    /// <summary>Bump when rendering changes so the importer re-renders unchanged files.</summary>
    public const string Version = "3";

    /// <summary>Prefix of ids and names written by authors, so they cannot clobber DOM globals (as GitHub does).</summary>
    public const string UserIdPrefix = "user-content-";

    // UseAdvancedExtensions without auto-identifiers: we assign heading ids ourselves, and Markdig's
    // de-duplication of identical headings is quadratic.
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UseAlertBlocks().UseAbbreviations().UseCitations().UseCustomContainers().UseDefinitionLists()
        .UseEmphasisExtras().UseFigures().UseFooters().UseFootnotes().UseGridTables().UseMathematics()
        .UseMediaLinks().UsePipeTables().UseListExtras().UseTaskLists().UseDiagrams().UseAutoLinks()
        .UseGenericAttributes()
        .Build();

    // Generated heading ids carry this secret marker through the sanitizer; an id without it was written by
    // the author and gets UserIdPrefix. Random per process, so content cannot forge it.
    private readonly string _marker = "kb" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + "-";

    private readonly HtmlSanitizer _sanitizer;
    private readonly SanitizerShortcut _shortcut;

    /// <summary>A ```calc fence as Markdig writes it; replaced, after sanitizing, by the server-drawn calculator.</summary>
    private static readonly System.Text.RegularExpressions.Regex CalcBlock =
        new("<pre><code class=\"language-calc\">(.*?)</code></pre>", System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.Compiled);

    public ArticleRenderer()
    {
        _sanitizer = CreateSanitizer();
        _sanitizer.PostProcessDom += (_, e) => PrefixUserIds(e.Document);
        _shortcut = new SanitizerShortcut(_sanitizer, _marker);
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedAttributes.Add("class");
        sanitizer.AllowedAttributes.Add("id");
        sanitizer.AllowDataAttributes = true;
        foreach (var tag in new[] { "figure", "figcaption", "details", "summary", "mark" })
        {
            sanitizer.AllowedTags.Add(tag);
        }
        // No forms: an article must not ask for a password or post anywhere.
        foreach (var tag in new[] { "form", "input", "button", "textarea", "select", "option", "optgroup", "fieldset", "legend", "label", "datalist", "output", "meter", "progress" })
        {
            sanitizer.AllowedTags.Remove(tag);
        }
        // Styles only for text: no position, z-index, margins or sizes that could lay an overlay over the page.
        // text-align is what Markdig writes for aligned table columns.
        sanitizer.AllowedCssProperties.Clear();
        foreach (var property in new[] { "text-align", "vertical-align", "color", "background-color", "font-weight", "font-style", "text-decoration" })
        {
            sanitizer.AllowedCssProperties.Add(property);
        }
        sanitizer.AllowCssCustomProperties = false;
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto" })
        {
            sanitizer.AllowedSchemes.Add(scheme);
        }
        return sanitizer;
    }

    /// <summary>Generated heading ids lose the marker; every other id and name, and in-page links to them, get <see cref="UserIdPrefix"/>.</summary>
    /// <remarks>One walk over every element of the document (not only the body: the parser moves the attributes of a stray
    /// &lt;html&gt; tag onto the root) instead of a selector query per kind; links are rewritten once all ids are known.</remarks>
    private void PrefixUserIds(IDocument document)
    {
        var userIds = new HashSet<string>(StringComparer.Ordinal);
        var inPageLinks = new List<IElement>();
        foreach (var element in document.All)
        {
            if (element.GetAttribute("id") is { } id)
            {
                if (id.StartsWith(_marker, StringComparison.Ordinal))
                {
                    element.Id = id[_marker.Length..];
                }
                else
                {
                    userIds.Add(id);
                    element.Id = UserIdPrefix + id;
                }
            }
            if (element.GetAttribute("name") is { } name)
            {
                element.SetAttribute("name", UserIdPrefix + name);
            }
            if (element.LocalName == "a" && element.GetAttribute("href") is { } href && href.StartsWith('#'))
            {
                inPageLinks.Add(element);
            }
        }
        foreach (var link in inPageLinks)
        {
            var target = link.GetAttribute("href")![1..];
            if (userIds.Contains(target) || userIds.Contains(Uri.UnescapeDataString(target)))
            {
                link.SetAttribute("href", "#" + UserIdPrefix + target);
            }
        }
    }

    /// <param name="markdown">Article body without front matter.</param>
    /// <param name="category">Category slug: relative image paths resolve inside <c>content/{category}/</c>.</param>
    /// <param name="limits">Work bounds; <see cref="RenderLimits.Default"/> when null.</param>
    /// <exception cref="RenderException">The article exceeds a bound or the parser gives up on it.</exception>
    public RenderedArticle Render(string markdown, string category, RenderLimits? limits = null)
    {
        var (document, toc, hasRawHtml) = Parse(markdown, category, limits ?? RenderLimits.Default);
        var html = CalcBlock.Replace(Sanitize(RenderHtml(document, plain: false), hasRawHtml),
            m => CalcEmbed.Render(System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)) ?? m.Value);
        // The same parsed document as plain text (what Markdown.ToPlainText does, without parsing again).
        var plainText = RenderHtml(document, plain: true);
        return new RenderedArticle(html, NormalizeSpace(plainText), toc);
    }

    /// <summary>Parsed, checked against the limits, heading ids assigned and URLs rewritten.</summary>
    private (MarkdownDocument Document, List<TocEntry> Toc, bool HasRawHtml) Parse(string markdown, string category, RenderLimits limits)
    {
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(markdown, _pipeline);
        }
        catch (ArgumentException ex)
        {
            // Markdig's own nesting guard ("too deeply nested") fires before ours on extreme input.
            throw new RenderException($"Markdown cannot be parsed: {ex.Message}", 1);
        }
        var hasRawHtml = CheckLimits(document, limits);

        var anchors = new Anchors.Registry();
        var toc = new List<TocEntry>();
        foreach (var node in document.Descendants())
        {
            switch (node)
            {
                case HeadingBlock heading:
                    var text = InlineText(heading.Inline);
                    var id = anchors.Next(text);
                    heading.GetAttributes().Id = _marker + id;
                    if (heading.Level is 2 or 3)
                    {
                        toc.Add(new TocEntry(heading.Level, id, text));
                    }
                    break;
                case LinkInline link when link.Url is { } url:
                    link.Url = RewriteUrl(url, category, link.IsImage);
                    break;
            }
        }
        return (document, toc, hasRawHtml);
    }

    /// <summary>
    /// HtmlSanitizer's output for Markdig's HTML. Without raw HTML in the Markdown the shortcut usually computes the
    /// same bytes without building a DOM; anything it does not understand goes through the sanitizer.
    /// </summary>
    private string Sanitize(string markdigHtml, bool hasRawHtml) =>
        (hasRawHtml ? null : _shortcut.TrySanitize(markdigHtml)) ?? _sanitizer.Sanitize(markdigHtml);

    /// <summary>
    /// For tests that hold the shortcut to the sanitizer: Markdig's HTML of <paramref name="markdown"/> (before
    /// sanitizing, with the renderer's heading ids), the sanitizer's output, and the shortcut's (null where it falls back).
    /// </summary>
    internal (string MarkdigHtml, string Sanitized, string? Shortcut) SanitizeBothWays(string markdown, string category)
    {
        var markdigHtml = RenderHtml(Parse(markdown, category, RenderLimits.Default).Document, plain: false);
        return (markdigHtml, _sanitizer.Sanitize(markdigHtml), _shortcut.TrySanitize(markdigHtml));
    }

    private string RenderHtml(MarkdownDocument document, bool plain)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        if (plain)
        {
            renderer.EnableHtmlForBlock = false;
            renderer.EnableHtmlForInline = false;
            renderer.EnableHtmlEscape = false;
        }
        _pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>One pass over the syntax tree in document order: nesting depth, heading count and raw-HTML depth.</summary>
    /// <returns>Whether the Markdown holds raw HTML.</returns>
    private static bool CheckLimits(MarkdownDocument document, RenderLimits limits)
    {
        var headings = 0;
        var rawHtml = false;
        var html = new HtmlDepth();
        var stack = new Stack<(MarkdownObject Node, int Depth)>();
        stack.Push((document, 0));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            var line = LineOf(node);
            if (depth > limits.MaxNestingDepth)
            {
                throw new RenderException($"Markdown nests {depth} levels deep (quotes, lists, emphasis or links inside each other); the limit is {limits.MaxNestingDepth}", line);
            }
            switch (node)
            {
                case HeadingBlock when ++headings > limits.MaxHeadings:
                    throw new RenderException($"more than {limits.MaxHeadings} headings; the limit is {limits.MaxHeadings}", line);
                case HtmlBlock block:
                    rawHtml = true;
                    html.Feed(block.Lines.ToString(), limits.MaxHtmlDepth, line);
                    break;
                case HtmlInline inline:
                    rawHtml = true;
                    html.Feed(inline.Tag, limits.MaxHtmlDepth, line);
                    break;
            }
            // Children pushed last-first so they pop in document order (raw HTML depth carries across nodes).
            switch (node)
            {
                case ContainerBlock container:
                    for (var i = container.Count - 1; i >= 0; i--) { stack.Push((container[i], depth + 1)); }
                    break;
                case LeafBlock { Inline: { } root }:
                    PushInlines(stack, root, depth);
                    break;
                case ContainerInline container:
                    PushInlines(stack, container, depth + 1);
                    break;
            }
        }
        return rawHtml;
    }

    private static void PushInlines(Stack<(MarkdownObject, int)> stack, ContainerInline container, int depth)
    {
        var children = new List<Inline>();
        for (var child = container.FirstChild; child is not null; child = child.NextSibling) { children.Add(child); }
        for (var i = children.Count - 1; i >= 0; i--) { stack.Push((children[i], depth)); }
    }

    private static int LineOf(MarkdownObject node) => node switch
    {
        Block b => b.Line + 1,
        Inline i => i.Line + 1,
        _ => 1,
    };

    /// <summary>Relative images become <c>/media/{category}/…</c>; links to sibling <c>.md</c> files become article URLs.</summary>
    internal static string RewriteUrl(string url, string category, bool isImage)
    {
        if (url.Length == 0 || url.StartsWith('#') || url.StartsWith('/') || url.Contains(':', StringComparison.Ordinal))
        {
            return url;
        }
        if (isImage)
        {
            var path = url.StartsWith("./", StringComparison.Ordinal) ? url[2..] : url;
            if (path.StartsWith("../", StringComparison.Ordinal))
            {
                return "/media/" + path[3..];
            }
            return $"/media/{category}/{path}";
        }
        var hash = url.IndexOf('#');
        var file = hash >= 0 ? url[..hash] : url;
        if (file.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            var slug = Path.GetFileNameWithoutExtension(file);
            return Urls.Article(slug) + (hash >= 0 ? url[hash..] : "");
        }
        return url;
    }

    internal static string InlineText(ContainerInline? inline)
    {
        if (inline is null) { return ""; }
        var sb = new System.Text.StringBuilder();
        foreach (var child in inline.Descendants())
        {
            switch (child)
            {
                case LiteralInline literal: sb.Append(literal.Content); break;
                case CodeInline code: sb.Append(code.Content); break;
                case Markdig.Extensions.Mathematics.MathInline math: sb.Append(math.Content); break;
            }
        }
        return sb.ToString().Trim();
    }

    /// <summary>
    /// Runs of white space become one space, none at either end: what <c>Regex.Replace(text, @"\s+", " ").Trim()</c>
    /// gives (\s and char.IsWhiteSpace are the same set), in one pass without the regex, which cost more at import
    /// than rendering the plain text itself.
    /// </summary>
    private static string NormalizeSpace(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace) { sb.Append(' '); pendingSpace = false; }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
