using System.Globalization;
using System.Text;
using KnowledgeBase.Common;
using KnowledgeBase.Content;

namespace KnowledgeBase.Editing;

/// <summary>The fields an editor fills in: the front matter as form or JSON fields, plus the Markdown body.</summary>
public sealed record ArticleFields(
    string Title, string? TitleEn, string Category, IReadOnlyList<string> Tags, IReadOnlyList<string> Keywords, int? Difficulty, string Markdown)
{
    /// <summary>Position inside the category (front matter <c>order</c>); carried over from the previous version.</summary>
    public int? Order { get; init; }
}

/// <summary>
/// Fields ⇄ the text of an article file (front matter + Markdown), the form every version is stored and exported in,
/// and the form the importer parses: an editor's save is read back by the same <see cref="FrontMatter.Parse"/>.
/// </summary>
public static class ArticleText
{
    public static string Compose(ArticleFields f)
    {
        var sb = new StringBuilder("---\n");
        sb.Append("title: ").Append(Quote(f.Title)).Append('\n');
        if (!string.IsNullOrWhiteSpace(f.TitleEn)) { sb.Append("title_en: ").Append(Quote(f.TitleEn)).Append('\n'); }
        if (f.Tags.Count > 0) { sb.Append("tags: [").AppendJoin(", ", f.Tags.Select(Quote)).Append("]\n"); }
        if (f.Keywords.Count > 0) { sb.Append("keywords: [").AppendJoin(", ", f.Keywords.Select(Quote)).Append("]\n"); }
        if (f.Difficulty is int d) { sb.Append("difficulty: ").Append(d.ToString(CultureInfo.InvariantCulture)).Append('\n'); }
        if (f.Order is int o) { sb.Append("order: ").Append(o.ToString(CultureInfo.InvariantCulture)).Append('\n'); }
        sb.Append("---\n");
        var body = f.Markdown.Replace("\r\n", "\n", StringComparison.Ordinal);
        sb.Append(body);
        if (body.Length > 0 && !body.EndsWith('\n')) { sb.Append('\n'); }
        return sb.ToString();
    }

    /// <exception cref="ContentException">The text is not a valid article file.</exception>
    public static ArticleFields Parse(string text, string category)
    {
        var parsed = FrontMatter.Parse(text);
        var m = parsed.Meta;
        return new ArticleFields(m.Title!, m.TitleEn, category, m.Tags, m.Keywords, m.Difficulty, parsed.Body) { Order = m.Order };
    }

    private static string Quote(string value) => Yaml.Quote(value.Trim());
}
