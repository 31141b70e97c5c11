using Ganss.Xss;
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
    public const string Version = "1";

    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

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
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto" })
        {
            sanitizer.AllowedSchemes.Add(scheme);
        }
        return sanitizer;
    }

    /// <param name="markdown">Article body without front matter.</param>
    /// <param name="category">Category slug: relative image paths resolve inside <c>content/{category}/</c>.</param>
    public RenderedArticle Render(string markdown, string category)
    {
        var document = Markdown.Parse(markdown, _pipeline);
        var anchors = new Anchors.Registry();
        var toc = new List<TocEntry>();
        foreach (var node in document.Descendants())
        {
            switch (node)
            {
                case HeadingBlock heading:
                    var text = InlineText(heading.Inline);
                    var id = anchors.Next(text);
                    heading.GetAttributes().Id = id;
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

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        _pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        var html = _sanitizer.Sanitize(writer.ToString());
        var plain = Markdown.ToPlainText(markdown, _pipeline);
        return new RenderedArticle(html, NormalizeSpace(plain), toc);
    }

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

    private static string NormalizeSpace(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
}
