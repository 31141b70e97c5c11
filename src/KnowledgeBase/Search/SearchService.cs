using System.Text.Json;
using Dapper;
using KnowledgeBase.Data;

namespace KnowledgeBase.Search;

public sealed record SearchHit(string Slug, string Title, string Category, IReadOnlyList<string> Tags, string Url, string Snippet, double Score);

public sealed record SearchResponse(string Query, long Total, IReadOnlyList<SearchHit> Results);

public sealed record Suggestion(string Slug, string Title, string Category, string Url);

/// <summary>Runs parsed queries against <c>search_index</c>; one connection per call.</summary>
public sealed class SearchService(Db db, SynonymProvider synonyms)
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;

    /// <summary>BM25 column weights: title, keywords + tags, body (the hash column is not indexed).</summary>
    private const string Rank = "bm25(search_index, 10.0, 4.0, 1.0, 0.0)";

    public SearchQuery Parse(string? q) => SearchQuery.Parse(q, synonyms.Current);

    public SearchResponse Search(SearchQuery query, string? category = null, string? tag = null, int limit = DefaultLimit, int offset = 0)
    {
        if (query.IsEmpty) { return new SearchResponse(query.Text, 0, []); }
        limit = Math.Clamp(limit, 1, MaxLimit);
        offset = Math.Max(0, offset);
        category = string.IsNullOrWhiteSpace(category) ? null : category;
        tag = string.IsNullOrWhiteSpace(tag) ? null : tag;

        // Ranking only reads short columns; the long plain_text is fetched for the page's rows alone.
        // bm25() only works in the FTS5 query itself, so rank there and filter/count/page outside. The filters
        // use the category and tag indexes instead of reading each matching article's (long) row.
        const string hitsCte = $"WITH hits AS MATERIALIZED (SELECT rowid AS id, {Rank} AS rank FROM search_index WHERE search_index MATCH @match)";
        const string filters = """
            (@category IS NULL OR h.id IN (SELECT id FROM articles WHERE category = @category))
            AND (@tag IS NULL OR h.id IN (SELECT article_id FROM article_tags WHERE tag = @tag))
            """;
        const string rankSql = $"""
            {hitsCte}
            SELECT h.id AS Id, h.rank AS Rank, COUNT(*) OVER () AS Total
            FROM hits h
            WHERE {filters}
            ORDER BY h.rank, h.id
            LIMIT @limit OFFSET @offset
            """;
        const string countSql = $"""
            {hitsCte}
            SELECT COUNT(*) FROM hits h WHERE {filters}
            """;
        const string rowsSql = """
            SELECT a.id AS Id, a.slug AS Slug, a.title AS Title, a.category AS Category, a.plain_text AS PlainText,
                   (SELECT json_group_array(tag) FROM (SELECT tag FROM article_tags t WHERE t.article_id = a.id ORDER BY tag)) AS Tags
            FROM articles a WHERE a.id IN (SELECT value FROM json_each(@ids))
            """;

        using var connection = db.Open();
        var parameters = new { match = query.Match, category, tag, limit, offset };
        var ranked = connection.Query<(long Id, double Rank, long Total)>(rankSql, parameters).ToList();
        var total = ranked.Count > 0 ? ranked[0].Total : offset > 0 ? connection.ExecuteScalar<long>(countSql, parameters) : 0;
        if (ranked.Count == 0) { return new SearchResponse(query.Text, total, []); }

        var rows = connection.Query<HitRow>(rowsSql, new { ids = JsonSerializer.Serialize(ranked.Select(r => r.Id)) })
            .ToDictionary(r => r.Id);
        var hits = ranked.Where(r => rows.ContainsKey(r.Id)).Select(r =>
        {
            var row = rows[r.Id];
            return new SearchHit(row.Slug, row.Title, row.Category, JsonSerializer.Deserialize<List<string>>(row.Tags) ?? [],
                "/a/" + Uri.EscapeDataString(row.Slug), Snippets.Build(row.PlainText, query),
                // bm25() is "lower is better" and negative; report "higher is better".
                Math.Round(-r.Rank, 4));
        }).ToList();
        return new SearchResponse(query.Text, total, hits);
    }

    /// <summary>Title suggestions for search-as-you-type: the same query, restricted to title and keywords.</summary>
    public IReadOnlyList<Suggestion> Suggest(SearchQuery query, int limit = 8)
    {
        if (query.IsEmpty) { return []; }
        const string sql = $"""
            WITH hits AS MATERIALIZED (SELECT rowid AS id, {Rank} AS rank FROM search_index WHERE search_index MATCH @match)
            SELECT a.slug AS Slug, a.title AS Title, a.category AS Category
            FROM hits h JOIN articles a ON a.id = h.id
            ORDER BY h.rank, a.title
            LIMIT @limit
            """;
        using var connection = db.Open();
        // The column filter wraps the whole (already quoted) expression; nothing of the user's text is syntax.
        return connection.Query<(string Slug, string Title, string Category)>(sql, new { match = "{title keywords} : (" + query.Match + ")", limit })
            .Select(r => new Suggestion(r.Slug, r.Title, r.Category, "/a/" + Uri.EscapeDataString(r.Slug)))
            .ToList();
    }

    private sealed record HitRow(long Id, string Slug, string Title, string Category, string PlainText, string Tags);
}
