using System.Text.Json;
using Dapper;
using KnowledgeBase.Common;
using KnowledgeBase.Data;

namespace KnowledgeBase.Articles;

public sealed record Category(string Slug, string Name, string? NameEn, string? Description, long SortOrder, long Count)
{
    public string Url => Urls.Category(Slug);
}

public sealed record ArticleSummary(long Id, string Slug, string Title, string? TitleEn, string Category, long? Difficulty, string Updated)
{
    public List<string> Tags { get; init; } = [];
    public string Url => Urls.Article(Slug);
}

public sealed record Article(
    long Id, string Slug, string Title, string? TitleEn, string Category, long? Difficulty, string Updated,
    string Markdown, string Html, string Keywords, string Toc)
{
    public List<string> Tags { get; init; } = [];
    public string Url => Urls.Article(Slug);
    public IReadOnlyList<string> KeywordList => JsonSerializer.Deserialize<List<string>>(Keywords) ?? [];
    public IReadOnlyList<TocEntry> TocEntries => JsonSerializer.Deserialize<List<TocEntry>>(Toc) ?? [];
}

public sealed record TagCount(string Tag, long Count)
{
    public string Url => Urls.Tag(Tag);
}

/// <summary>Read-side queries for pages and the articles API; one connection per call.</summary>
public sealed class ArticleStore(Db db)
{
    private const string SummaryColumns = "a.id AS Id, a.slug AS Slug, a.title AS Title, a.title_en AS TitleEn, a.category AS Category, a.difficulty AS Difficulty, a.updated AS Updated";
    private const string OrderInCategory = "a.sort_order, a.title";

    public IReadOnlyList<Category> Categories()
    {
        const string sql = """
            SELECT c.slug AS Slug, c.name AS Name, c.name_en AS NameEn, c.description AS Description, c.sort_order AS SortOrder,
                   (SELECT COUNT(*) FROM articles a WHERE a.category = c.slug) AS Count
            FROM categories c
            ORDER BY c.sort_order, c.slug
            """;
        using var connection = db.Open();
        return connection.Query<Category>(sql).ToList();
    }

    public Category? Category(string slug) => Categories().FirstOrDefault(c => c.Slug == slug);

    public IReadOnlyList<ArticleSummary> All()
    {
        const string sql = $"SELECT {SummaryColumns} FROM articles a LEFT JOIN categories c ON c.slug = a.category ORDER BY c.sort_order, a.category, {OrderInCategory}";
        return WithTags(sql, null);
    }

    public IReadOnlyList<ArticleSummary> InCategory(string category)
    {
        const string sql = $"SELECT {SummaryColumns} FROM articles a WHERE a.category = @category ORDER BY {OrderInCategory}";
        return WithTags(sql, new { category });
    }

    public IReadOnlyList<ArticleSummary> WithTag(string tag)
    {
        const string sql = $"""
            SELECT {SummaryColumns} FROM articles a JOIN article_tags t ON t.article_id = a.id
            WHERE t.tag = @tag ORDER BY a.category, {OrderInCategory}
            """;
        return WithTags(sql, new { tag });
    }

    public IReadOnlyList<ArticleSummary> Recent(int count)
    {
        const string sql = $"SELECT {SummaryColumns} FROM articles a ORDER BY a.updated DESC, a.title LIMIT @count";
        return WithTags(sql, new { count });
    }

    public IReadOnlyList<TagCount> Tags()
    {
        const string sql = "SELECT tag AS Tag, COUNT(*) AS Count FROM article_tags GROUP BY tag ORDER BY COUNT(*) DESC, tag";
        using var connection = db.Open();
        return connection.Query<TagCount>(sql).ToList();
    }

    public Article? Get(string slug)
    {
        const string sql = """
            SELECT id AS Id, slug AS Slug, title AS Title, title_en AS TitleEn, category AS Category, difficulty AS Difficulty,
                   updated AS Updated, unpack(markdown) AS Markdown, unpack(html) AS Html, keywords AS Keywords, toc AS Toc
            FROM articles WHERE slug = @slug
            """;
        const string tagsSql = "SELECT tag FROM article_tags WHERE article_id = @id ORDER BY tag";
        using var connection = db.Open();
        var article = connection.QuerySingleOrDefault<Article>(sql, new { slug });
        return article is null ? null : article with { Tags = connection.Query<string>(tagsSql, new { id = article.Id }).ToList() };
    }

    /// <summary>Articles sharing the most tags with this one (ties: same category first, then title).</summary>
    public IReadOnlyList<ArticleSummary> Related(Article article, int count)
    {
        const string sql = $"""
            SELECT {SummaryColumns} FROM articles a
            JOIN article_tags t ON t.article_id = a.id
            WHERE a.id <> @id AND t.tag IN (SELECT tag FROM article_tags WHERE article_id = @id)
            GROUP BY a.id
            ORDER BY COUNT(*) DESC, (a.category = @category) DESC, a.title
            LIMIT @count
            """;
        return WithTags(sql, new { id = article.Id, category = article.Category, count });
    }

    public (ArticleSummary? Previous, ArticleSummary? Next) Neighbours(Article article)
    {
        var list = InCategory(article.Category);
        var index = list.ToList().FindIndex(a => a.Id == article.Id);
        return index < 0 ? (null, null)
            : (index > 0 ? list[index - 1] : null, index + 1 < list.Count ? list[index + 1] : null);
    }

    private List<ArticleSummary> WithTags(string sql, object? parameters)
    {
        const string tagsSql = "SELECT article_id AS Id, tag AS Tag FROM article_tags ORDER BY tag";
        using var connection = db.Open();
        var articles = connection.Query<ArticleSummary>(sql, parameters).ToList();
        if (articles.Count == 0) { return articles; }
        var tags = connection.Query<(long Id, string Tag)>(tagsSql).ToLookup(t => t.Id, t => t.Tag);
        return articles.Select(a => a with { Tags = tags[a.Id].ToList() }).ToList();
    }
}
