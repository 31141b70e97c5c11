using System.Text.Json;
using Dapper;
using KnowledgeBase.Common;
using KnowledgeBase.Data;

namespace KnowledgeBase.Articles;

public sealed record Category(string Slug, string Name, string? NameEn, string? Description, long SortOrder, long Count)
{
    // For Dapper on an empty result: SQLite then reports computed columns (Count) as BLOB, no constructor
    // matches, and Dapper falls back to this one plus the properties' setters.
    private Category() : this("", "", null, null, 0, 0) { }

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
    // For Dapper on an empty result (see Category).
    private TagCount() : this("", 0) { }

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

    /// <summary>Every article in reading order (category order, then the order inside the category), a window at a time.</summary>
    public Paged<ArticleSummary> All(int limit, int offset)
    {
        const string sql = $"""
            SELECT {SummaryColumns} FROM articles a LEFT JOIN categories c ON c.slug = a.category
            ORDER BY c.sort_order, a.category, {OrderInCategory} LIMIT @limit OFFSET @offset
            """;
        const string countSql = "SELECT COUNT(*) FROM articles";
        return Window(sql, countSql, new { limit, offset });
    }

    public Paged<ArticleSummary> InCategory(string category, int limit, int offset)
    {
        const string sql = $"SELECT {SummaryColumns} FROM articles a WHERE a.category = @category ORDER BY {OrderInCategory} LIMIT @limit OFFSET @offset";
        const string countSql = "SELECT COUNT(*) FROM articles WHERE category = @category";
        return Window(sql, countSql, new { category, limit, offset });
    }

    public Paged<ArticleSummary> WithTag(string tag, int limit, int offset)
    {
        const string sql = $"""
            SELECT {SummaryColumns} FROM articles a JOIN article_tags t ON t.article_id = a.id
            WHERE t.tag = @tag ORDER BY a.category, {OrderInCategory} LIMIT @limit OFFSET @offset
            """;
        const string countSql = "SELECT COUNT(*) FROM article_tags WHERE tag = @tag";
        return Window(sql, countSql, new { tag, limit, offset });
    }

    public Paged<ArticleSummary> Recent(int limit, int offset)
    {
        const string sql = $"SELECT {SummaryColumns} FROM articles a ORDER BY a.updated DESC, a.title LIMIT @limit OFFSET @offset";
        const string countSql = "SELECT COUNT(*) FROM articles";
        return Window(sql, countSql, new { limit, offset });
    }

    private Paged<ArticleSummary> Window(string sql, string countSql, object parameters)
    {
        using var connection = db.Open();
        return new Paged<ArticleSummary>(WithTags(connection, sql, parameters), connection.ExecuteScalar<long>(countSql, parameters));
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
                   updated AS Updated, unpack(markdown, markdown, 0) AS Markdown, unpack(html, markdown, 1) AS Html, keywords AS Keywords, unpack(toc) AS Toc
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
        using var connection = db.Open();
        return WithTags(connection, sql, new { id = article.Id, category = article.Category, count });
    }

    /// <summary>The articles before and after this one in its category's order (found by the database, not by listing the category).</summary>
    public (ArticleSummary? Previous, ArticleSummary? Next) Neighbours(Article article)
    {
        const string positionSql = $"""
            SELECT previous AS Previous, next AS Next FROM (
                SELECT a.id, LAG(a.id) OVER w AS previous, LEAD(a.id) OVER w AS next
                FROM articles a WHERE a.category = @category WINDOW w AS (ORDER BY {OrderInCategory}))
            WHERE id = @id
            """;
        const string summariesSql = $"SELECT {SummaryColumns} FROM articles a WHERE a.id IN (@Previous, @Next)";
        using var connection = db.Open();
        var position = connection.QueryFirstOrDefault<(long? Previous, long? Next)>(positionSql, new { id = article.Id, category = article.Category });
        var both = WithTags(connection, summariesSql, new { position.Previous, position.Next });
        return (both.FirstOrDefault(a => a.Id == position.Previous), both.FirstOrDefault(a => a.Id == position.Next));
    }

    /// <summary>Runs a summary query and attaches the tags of the listed articles (only theirs: lists are pages of a large wiki).</summary>
    private static List<ArticleSummary> WithTags(Microsoft.Data.Sqlite.SqliteConnection connection, string sql, object? parameters)
    {
        const string tagsSql = "SELECT article_id AS Id, tag AS Tag FROM article_tags WHERE article_id IN (SELECT value FROM json_each(@ids)) ORDER BY tag";
        var articles = connection.Query<ArticleSummary>(sql, parameters).ToList();
        if (articles.Count == 0) { return articles; }
        var tags = connection.Query<(long Id, string Tag)>(tagsSql, new { ids = JsonSerializer.Serialize(articles.Select(a => a.Id)) })
            .ToLookup(t => t.Id, t => t.Tag);
        return articles.Select(a => a with { Tags = tags[a.Id].ToList() }).ToList();
    }
}
