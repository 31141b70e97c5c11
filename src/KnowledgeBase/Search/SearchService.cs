using System.Text.Json;
using Dapper;
using KnowledgeBase.Common;
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

    /// <summary>
    /// BM25 column weights: title, keywords + tags, body, then the same three for their CJK bigram columns (a
    /// Chinese phrase of two or more characters only matches there, anything else only in the first three);
    /// the hash column is not indexed.
    /// </summary>
    private const string Rank = "bm25(search_index, 10.0, 4.0, 1.0, 10.0, 4.0, 1.0, 0.0)";

    public SearchQuery Parse(string? q) => SearchQuery.Parse(q, synonyms.Current);

    /// <summary>
    /// At most this many rows of a tier are scored with bm25() (several µs per row plus one IDF scan per phrase) and listed; see <see cref="Search"/>.
    /// Far above what a tier holds in a real wiki, so in practice it only bites on near-stopword queries.
    /// </summary>
    public const int RankCap = 500;

    /// <summary>
    /// Tiered ranking. Tier 1: articles in which every term matches in the title or keywords/tags, ordered by
    /// bm25 over those two columns (title ×10, keywords ×4). Tier 2: the other matches (some term only in the
    /// body), ordered by bm25 over all columns, and only computed when the page reaches it. Deterministic cap
    /// for near-stopword queries: of a tier with more than <see cref="RankCap"/> rows only the RankCap newest
    /// (highest id) are scored and listed; <c>total</c> is still the exact count (a COUNT without bm25).
    /// Score: tier 1 in [1, 2), tier 2 in [0, 1), higher is better, so the order of scores is the order of results.
    /// </summary>
    public SearchResponse Search(SearchQuery query, string? category = null, string? tag = null, int limit = DefaultLimit, int offset = 0)
    {
        if (query.IsEmpty) { return new SearchResponse(query.Text, 0, []); }
        limit = Math.Clamp(limit, 1, MaxLimit);
        offset = Math.Max(0, offset);
        category = string.IsNullOrWhiteSpace(category) ? null : category;
        tag = string.IsNullOrWhiteSpace(tag) ? null : tag;

        // bm25() only works in the FTS5 query itself and is evaluated after the WHERE clause, so each tier scores
        // at most RankCap rows: FTS5 walks rowids newest first and the LIMIT stops the walk. The filters use the
        // category and tag indexes instead of reading each matching article's (long) row; "+rowid" keeps SQLite
        // from handing a rowid list to FTS5, which would re-run the MATCH once per listed row.
        const string headSql = $"""
            SELECT rowid AS id, {Rank} AS rank FROM search_index
            WHERE search_index MATCH @head
              AND (@category IS NULL OR +rowid IN (SELECT id FROM articles WHERE category = @category))
              AND (@tag IS NULL OR +rowid IN (SELECT article_id FROM article_tags WHERE tag = @tag))
            ORDER BY rowid DESC LIMIT @cap
            """;
        // Tier 2 excludes tier 1 by the ids already in hand rather than by a second column-filtered MATCH:
        // each pass over a Chinese phrase costs as much as the ranking it was meant to save.
        const string tailSql = $"""
            SELECT rowid AS id, {Rank} AS rank FROM search_index
            WHERE search_index MATCH @match AND +rowid NOT IN (SELECT value FROM json_each(@headIds))
              AND (@category IS NULL OR +rowid IN (SELECT id FROM articles WHERE category = @category))
              AND (@tag IS NULL OR +rowid IN (SELECT article_id FROM article_tags WHERE tag = @tag))
            ORDER BY rowid DESC LIMIT @cap
            """;
        const string countSql = """
            SELECT COUNT(*) FROM search_index
            WHERE search_index MATCH @match
              AND (@category IS NULL OR +rowid IN (SELECT id FROM articles WHERE category = @category))
              AND (@tag IS NULL OR +rowid IN (SELECT article_id FROM article_tags WHERE tag = @tag))
            """;

        using var connection = db.Open();
        var head = Order(connection.Query<(long Id, double Rank)>(headSql, new { head = HeadMatch(query), category, tag, cap = RankCap }));
        var page = head.Skip(offset).Take(limit).Select(r => new Ranked(r.Id, r.Rank, true)).ToList();
        long? total = null;
        if (page.Count < limit && head.Count < RankCap)
        {
            // The page reaches tier 2 (a capped tier 1 ends the listing: nobody pages past 500 results).
            var tail = Order(connection.Query<(long Id, double Rank)>(tailSql, new
            {
                match = query.Match, headIds = JsonSerializer.Serialize(head.Select(r => r.Id)), category, tag, cap = RankCap,
            }));
            page.AddRange(tail.Skip(Math.Max(0, offset - head.Count)).Take(limit - page.Count).Select(r => new Ranked(r.Id, r.Rank, false)));
            // Both tiers complete: they are the count.
            if (tail.Count < RankCap) { total = head.Count + tail.Count; }
        }
        total ??= connection.ExecuteScalar<long>(countSql, new { match = query.Match, category, tag });
        if (page.Count == 0) { return new SearchResponse(query.Text, total.Value, []); }

        var rows = connection.Query<HitRow>(RowsSql, new { ids = JsonSerializer.Serialize(page.Select(r => r.Id)) })
            .ToDictionary(r => r.Id);
        var hits = page.Where(r => rows.ContainsKey(r.Id)).Select(r =>
        {
            var row = rows[r.Id];
            return new SearchHit(row.Slug, row.Title, row.Category, JsonSerializer.Deserialize<List<string>>(row.Tags) ?? [],
                Urls.Article(row.Slug), Snippets.Build(row.PlainText, query), Score(r.Head, r.Rank));
        }).ToList();
        return new SearchResponse(query.Text, total.Value, hits);
    }

    /// <summary>bm25 is "lower is better"; ties by id, oldest first.</summary>
    private static List<(long Id, double Rank)> Order(IEnumerable<(long Id, double Rank)> rows) =>
        rows.OrderBy(r => r.Rank).ThenBy(r => r.Id).ToList();

    private sealed record Ranked(long Id, double Rank, bool Head);

    private const string RowsSql = """
        SELECT a.id AS Id, a.slug AS Slug, a.title AS Title, a.category AS Category, unpack(a.plain_text, a.markdown, 2) AS PlainText,
               (SELECT json_group_array(tag) FROM (SELECT tag FROM article_tags t WHERE t.article_id = a.id ORDER BY tag)) AS Tags
        FROM articles a WHERE a.id IN (SELECT value FROM json_each(@ids))
        """;

    /// <summary>The query restricted to title and keywords/tags: the column filter wraps the whole (quoted) expression.</summary>
    private static string HeadMatch(SearchQuery query) => "{title keywords title_bi keywords_bi} : (" + query.Match + ")";

    /// <summary>
    /// "Higher is better" across tiers: bm25() is negative, lower is better; s = −bm25 ≥ 0 is squeezed into
    /// [0, 1) and the tier added, so the order of scores is the order of results. 
    /// </summary>
    private static double Score(bool head, double rank)
    {
        var s = Math.Max(0, -rank);
        return Math.Round((head ? 1 : 0) + s / (1 + s), 4);
    }

    /// <summary>Title suggestions for search-as-you-type: the same query, restricted to title and keywords (tier 1, same cap).</summary>
    public IReadOnlyList<Suggestion> Suggest(SearchQuery query, int limit = 8)
    {
        if (query.IsEmpty) { return []; }
        const string sql = $"""
            WITH hits AS MATERIALIZED (
                SELECT rowid AS id, {Rank} AS rank FROM search_index WHERE search_index MATCH @match ORDER BY rowid DESC LIMIT @cap)
            SELECT a.slug AS Slug, a.title AS Title, a.category AS Category
            FROM hits h JOIN articles a ON a.id = h.id
            ORDER BY h.rank, a.title
            LIMIT @limit
            """;
        using var connection = db.Open();
        return connection.Query<(string Slug, string Title, string Category)>(sql, new { match = HeadMatch(query), limit, cap = RankCap })
            .Select(r => new Suggestion(r.Slug, r.Title, r.Category, Urls.Article(r.Slug)))
            .ToList();
    }

    private sealed record HitRow(long Id, string Slug, string Title, string Category, string PlainText, string Tags);
}
