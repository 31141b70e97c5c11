using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using KnowledgeBase.Common;
using KnowledgeBase.Data;

namespace KnowledgeBase.Search;

public sealed record SearchHit(string Slug, string Title, string Category, IReadOnlyList<string> Tags, string Url, string Snippet, double Score);

/// <summary>
/// <see cref="MatchedTerms"/>/<see cref="MissingTerms"/>: the query's concepts (as typed) that the best result
/// matches / does not match; <see cref="Partial"/>: the best result matches only some of them.
/// </summary>
public sealed record SearchResponse(string Query, long Total, IReadOnlyList<SearchHit> Results,
    IReadOnlyList<string> MatchedTerms, IReadOnlyList<string> MissingTerms, bool Partial)
{
    public static SearchResponse None(string query) => new(query, 0, [], [], [], false);
}

public sealed record Suggestion(string Slug, string Title, string Category, string Url);

/// <summary>Configuration section <c>KnowledgeBase:Search</c>.</summary>
public sealed class SearchOptions
{
    public const string Section = "KnowledgeBase:Search";

    /// <summary>
    /// How many result pages are kept in memory, keyed by the analyzed query (so "ＢＮ的作用" and "BN的作用？" share
    /// one) and its filters and page; emptied by every content import. 0 turns the cache off.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 1_000_000)]
    public int ResultCacheSize { get; set; } = 4096;
}

/// <summary>Runs analyzed queries against <c>search_words</c> and <c>search_index</c>; one connection per call.</summary>
public sealed class SearchService(Db db, SynonymProvider synonyms, Microsoft.Extensions.Options.IOptions<SearchOptions>? options = null)
{
    private readonly int _cacheSize = options?.Value.ResultCacheSize ?? 0;
    private readonly ConcurrentDictionary<string, Cached> _cache = new(StringComparer.Ordinal);

    /// <summary>A result page without the parts that depend on how the query was typed (its text and labels).</summary>
    private sealed record Cached(long Total, IReadOnlyList<SearchHit> Hits, ulong Best);

    private int _generation;

    /// <summary>Forgets every cached result page: the content import calls this after each import.</summary>
    public void ClearCache()
    {
        Interlocked.Increment(ref _generation);
        _cache.Clear();
    }

    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;

    public SearchQuery Parse(string? q) => QueryAnalyzer.Analyze(q, synonyms.Current);

    /// <summary>
    /// At most this many candidates (the best by coverage, newest first among equals) are scored with bm25()
    /// and listed; see <see cref="Search"/>. Far above what a real wiki matches for a real question, so in
    /// practice it only bites on near-stopword queries over large corpora.
    /// </summary>
    public const int RankCap = 500;

    /// <summary>
    /// BM25 column weights of the word index: title, tags, keywords above body. The substring index (used for
    /// what the word index cannot see: a word inside a longer word, a prefix, a code token) weighs in at
    /// <see cref="SubstringWeight"/> of its own bm25.
    /// </summary>
    private const string WordsRank = "bm25(search_words, 3.0, 2.0, 2.0)";
    private const string BodyRank = "bm25(search_words_body)";
    private const string SubstringRank = "bm25(search_index, 10.0, 5.0, 1.0, 10.0, 5.0, 1.0, 0.0)";
    private const double SubstringWeight = 0.3;

    /// <summary>
    /// How much bm25 (relative to the best candidate's, 0–1) adds to the weighted coverage (0–1). Equal shares:
    /// an article that misses a generic word of the question (关系, 区别) but has the rest in its title still
    /// beats one that mentions every word in passing; one that misses a specific word rarely does. Tuned on
    /// the question set (0.3 and 2 were both worse on hit@5 and MRR); the held-out set agreed.
    /// </summary>
    private const double RankShare = 1.0;

    /// <summary>
    /// Below this weighted coverage of its best article a query finds nothing. The words it misses then carry
    /// most of its weight: words no article has (猫, 量子: the highest IDF) next to a common one (分类, 计算).
    /// </summary>
    private const double MinCoverage = 0.25;

    /// <summary>
    /// OR semantics, ranked by coverage: every article that matches any concept of the query is a candidate;
    /// candidates are ordered by how many of the query's concepts they match, then by bm25 (word index with
    /// column weights, plus a share of the substring index's). A concept matches an article when any of its
    /// alternatives is a word of it (search_words) or, for concepts that allow it, a substring (search_index).
    /// Score = weighted coverage (0–1) + <see cref="RankShare"/> × bm25 relative to the best candidate's; the
    /// order of scores is the order of results.
    /// </summary>
    public SearchResponse Search(SearchQuery query, string? category = null, string? tag = null, int limit = DefaultLimit, int offset = 0)
    {
        if (query.IsEmpty) { return SearchResponse.None(query.Text); }
        limit = Math.Clamp(limit, 1, MaxLimit);
        offset = Math.Max(0, offset);
        category = string.IsNullOrWhiteSpace(category) ? null : category;
        tag = string.IsNullOrWhiteSpace(tag) ? null : tag;
        if (_cacheSize == 0) { return Respond(query, Run(query, category, tag, limit, offset)); }

        // The key is what the query means, not how it was typed; filters and page are part of it. Bounded by
        // emptying it when full: simpler than an LRU, and a full cache means the traffic is not repetitive anyway.
        var key = string.Join('\u0001', query.Concepts.Select(c => c.WordsMatch + '\u0002' + (c.Substring ? c.SubstringMatch : "")))
            + '\u0003' + category + '\u0003' + tag + '\u0003' + limit + '\u0003' + offset;
        if (!_cache.TryGetValue(key, out var cached))
        {
            var generation = Volatile.Read(ref _generation);
            cached = Run(query, category, tag, limit, offset);
            if (_cache.Count >= _cacheSize) { _cache.Clear(); }
            // A search that read the index before an import finished must not put its result back after the clear.
            if (generation == Volatile.Read(ref _generation)) { _cache[key] = cached; }
        }
        return Respond(query, cached);
    }

    private static SearchResponse Respond(SearchQuery query, Cached result)
    {
        if (result.Total == 0) { return SearchResponse.None(query.Text); }
        var matched = query.Concepts.Where((_, i) => (result.Best & (1UL << i)) != 0).Select(c => c.Label).ToList();
        var missing = query.Concepts.Where((_, i) => (result.Best & (1UL << i)) == 0).Select(c => c.Label).ToList();
        return new SearchResponse(query.Text, result.Total, result.Hits, matched, missing, missing.Count > 0);
    }

    private Cached Run(SearchQuery query, string? category, string? tag, int limit, int offset)
    {
        var masks = Masks(query, category, tag);
        if (masks.Count == 0) { return new Cached(0, [], 0); }
        using var connection = db.Open();

        // Coverage: the share of the query's concepts an article matches, each weighted by its IDF, so that a
        // generic word (区别, 训练) missing costs little and a specific one (softmax, 感受野) a lot.
        var articles = Math.Max(masks.Count, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM search_words_rows"));
        _large = articles >= ParallelFrom;
        var df = new int[query.Concepts.Count];
        foreach (var mask in masks.Values)
        {
            for (var bits = mask; bits != 0; bits &= bits - 1) { df[System.Numerics.BitOperations.TrailingZeroCount(bits)]++; }
        }
        var weights = df.Select(d => Math.Log(1 + (articles - d + 0.5) / (d + 0.5))).ToArray();
        var totalWeight = weights.Sum();
        double Coverage(ulong mask)
        {
            var sum = 0.0;
            for (var bits = mask; bits != 0; bits &= bits - 1) { sum += weights[System.Numerics.BitOperations.TrailingZeroCount(bits)]; }
            return sum / totalWeight;
        }

        // Nothing related: even the best article covers only a small, common part of the query (猫狗分类 → 分类;
        // 量子计算 → 计算). Judged on the best article only: a rare but stray word must not hide the rest.
        // Coverage depends on the mask alone, so articles are grouped by it rather than each scored and sorted.
        var byCoverage = new Dictionary<double, List<(long Id, ulong Mask)>>();
        foreach (var (id, mask) in masks)
        {
            ref var group = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(byCoverage, Coverage(mask), out _);
            (group ??= []).Add((id, mask));
        }
        if (byCoverage.Keys.Max() < MinCoverage) { return new Cached(0, [], 0); }
        var candidates = Candidates(byCoverage);
        var ranks = Ranks(connection, query, candidates.Select(c => c.Id).ToList());
        var top = Math.Max(1e-9, -ranks.Values.DefaultIfEmpty(0).Min());
        var ordered = candidates
            .Select(c => (c.Id, c.Mask, Score: Math.Round(c.Coverage + RankShare * Math.Max(0, -ranks.GetValueOrDefault(c.Id)) / top, 4)))
            .OrderByDescending(c => c.Score).ThenBy(c => c.Id)
            .ToList();

        var best = ordered[0].Mask;
        var page = ordered.Skip(offset).Take(limit).ToList();
        if (page.Count == 0) { return new Cached(masks.Count, [], best); }
        var rows = connection.Query<HitRow>(RowsSql, new { ids = JsonSerializer.Serialize(page.Select(r => r.Id)) })
            .ToDictionary(r => r.Id);
        var texts = PlainTexts(connection, rows.Values);
        // An article removed by an import since the ranking is left out, as it was before there was a text cache.
        var hits = page.Where(r => rows.ContainsKey(r.Id) && texts.ContainsKey(r.Id)).Select(r =>
        {
            var row = rows[r.Id];
            return new SearchHit(row.Slug, row.Title, row.Category, JsonSerializer.Deserialize<List<string>>(row.Tags) ?? [],
                Urls.Article(row.Slug), Snippets.Build(texts[row.Id], query, r.Mask), r.Score);
        }).ToList();
        return new Cached(masks.Count, hits, best);
    }

    /// <summary>
    /// From this many articles on (as the previous search counted them), the concept lookups run on two connections:
    /// below it a query is over before a second thread would have started.
    /// </summary>
    private const long ParallelFrom = 2000;

    private volatile bool _large;

    /// <summary>
    /// Which articles match which concepts (bit i: concept i): one FTS5 lookup per concept and index, rowids only
    /// (no bm25 yet), the filters through the category and tag indexes. "+rowid" keeps SQLite from handing a rowid
    /// list to FTS5, which would re-run the MATCH once per listed row. The word index is asked only where the
    /// substring index cannot see every match (see <see cref="Concept.SubstringCoversWords"/>). On a large wiki the
    /// rows of common concepts are most of a query's work, so two connections share the lookups.
    /// </summary>
    private Dictionary<long, ulong> Masks(SearchQuery query, string? category, string? tag)
    {
        const string filters = """
            (@category IS NULL OR +rowid IN (SELECT id FROM articles WHERE category = @category))
              AND (@tag IS NULL OR +rowid IN (SELECT article_id FROM article_tags WHERE tag = @tag))
            """;
        const string wordsSql = $"SELECT rowid FROM search_words WHERE search_words MATCH @match AND {filters}";
        const string bodySql = $"SELECT rowid FROM search_words_body WHERE search_words_body MATCH @match AND {filters}";
        const string substringSql = $"SELECT rowid FROM search_index WHERE search_index MATCH @match AND {filters}";
        // The substring index first: its lookups are the longest, and the shorter ones then even out the two workers.
        var lookups = query.Concepts.Select((c, i) => (c, i)).Where(x => x.c.Substring)
            .Select(x => (Sql: substringSql, Match: x.c.SubstringMatch, Bit: 1UL << x.i))
            .Concat(query.Concepts.Select((c, i) => (c, i)).Where(x => !x.c.SubstringCoversWords)
                .SelectMany(x => new[] { (Sql: bodySql, Match: x.c.WordsMatch, Bit: 1UL << x.i), (Sql: wordsSql, Match: x.c.WordsMatch, Bit: 1UL << x.i) }))
            .ToList();
        var next = -1;
        var found = new Dictionary<long, ulong>[_large ? Math.Clamp(Math.Min(Environment.ProcessorCount, lookups.Count), 1, 2) : 1];
        try
        {
            Parallel.For(0, found.Length, worker =>
            {
                var masks = new Dictionary<long, ulong>();
                using var connection = db.Open();
                // A reader rather than Dapper: tens of thousands of rows per query on a large wiki, one integer each.
                using var command = connection.CreateCommand();
                var match = command.Parameters.Add("@match", Microsoft.Data.Sqlite.SqliteType.Text);
                command.Parameters.AddWithValue("@category", (object?)category ?? DBNull.Value);
                command.Parameters.AddWithValue("@tag", (object?)tag ?? DBNull.Value);
                int i;
                while ((i = Interlocked.Increment(ref next)) < lookups.Count)
                {
                    var (sql, expression, bit) = lookups[i];
                    command.CommandText = sql;
                    match.Value = expression;
                    using var reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                        ref var mask = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(masks, reader.GetInt64(0), out _);
                        mask |= bit;
                    }
                }
                found[worker] = masks;
            });
        }
        catch (AggregateException e)
        {
            // The caller sees what SQLite threw, as when the lookups ran on one connection.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        var all = found.MaxBy(m => m.Count)!;
        foreach (var other in found.Where(m => m != all))
        {
            foreach (var (id, bits) in other)
            {
                ref var mask = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(all, id, out _);
                mask |= bits;
            }
        }
        return all;
    }

    /// <summary>
    /// The <see cref="RankCap"/> best articles by coverage, the newest (highest id) first among equals, so that the
    /// cap keeps a deterministic set; in no particular order. Only the coverage group the cap cuts through is ordered.
    /// </summary>
    private static List<(long Id, ulong Mask, double Coverage)> Candidates(Dictionary<double, List<(long Id, ulong Mask)>> byCoverage)
    {
        var candidates = new List<(long Id, ulong Mask, double Coverage)>(RankCap);
        foreach (var coverage in byCoverage.Keys.OrderDescending())
        {
            var group = byCoverage[coverage];
            // OrderBy + Take: a partial sort, only as far as the cap needs.
            var kept = candidates.Count + group.Count > RankCap ? group.OrderByDescending(a => a.Id).Take(RankCap - candidates.Count) : group;
            foreach (var (id, mask) in kept) { candidates.Add((id, mask, coverage)); }
            if (candidates.Count == RankCap) { break; }
        }
        return candidates;
    }

    /// <summary>
    /// bm25 ("lower is better", ≤ 0) of each candidate: the word index's plus a share of the substring index's.
    /// The rowid range is for FTS5 (the IN list is not, see <see cref="Run"/>): it reads only that stretch of each
    /// position list, and candidates are mostly the newest articles, so on a large wiki a small part of it.
    /// </summary>
    private static Dictionary<long, double> Ranks(System.Data.IDbConnection connection, SearchQuery query, IReadOnlyList<long> ids)
    {
        const string wordsSql = $"""
            SELECT rowid AS Id, {WordsRank} AS Rank FROM search_words
            WHERE search_words MATCH @match AND rowid BETWEEN @min AND @max AND +rowid IN (SELECT value FROM json_each(@ids))
            """;
        const string substringSql = $"""
            SELECT rowid AS Id, {SubstringRank} AS Rank FROM search_index
            WHERE search_index MATCH @match AND rowid BETWEEN @min AND @max AND +rowid IN (SELECT value FROM json_each(@ids))
            """;
        const string bodySql = $"""
            SELECT rowid AS Id, {BodyRank} AS Rank FROM search_words_body
            WHERE search_words_body MATCH @match AND rowid BETWEEN @min AND @max AND +rowid IN (SELECT value FROM json_each(@ids))
            """;
        var ranks = new Dictionary<long, double>();
        var idList = JsonSerializer.Serialize(ids);
        if (!query.IsExact)
        {
            // Like Lucene's per-field scores: the head (title, tags, keywords) and the body each with their own length norm, summed.
            foreach (var sql in new[] { wordsSql, bodySql })
            {
                foreach (var (id, rank) in connection.Query<(long Id, double Rank)>(sql, new { match = query.WordsMatch, ids = idList, min = ids.Min(), max = ids.Max() }))
                {
                    ranks[id] = ranks.GetValueOrDefault(id) + rank;
                }
            }
        }
        // Only where the word index has nothing: the substring index sums every synonym spelling as a term of its
        // own, which would favour articles that list many spellings. Usually every candidate has a word rank, and
        // the substring index's bm25 (seven columns, position lists of common characters) is then not computed at all.
        var unranked = ids.Where(id => !ranks.ContainsKey(id)).ToList();
        var substring = string.Join(" OR ", query.Concepts.Where(c => c.Substring).Select(c => c.SubstringMatch));
        if (substring.Length > 0 && unranked.Count > 0)
        {
            var weight = query.IsExact ? 1 : SubstringWeight;
            foreach (var (id, rank) in connection.Query<(long Id, double Rank)>(substringSql, new { match = substring, ids = JsonSerializer.Serialize(unranked), min = unranked.Min(), max = unranked.Max() }))
            {
                ranks.TryAdd(id, weight * rank);
            }
        }
        return ranks;
    }

    private const string RowsSql = """
        SELECT a.id AS Id, a.slug AS Slug, a.title AS Title, a.category AS Category, a.content_hash AS Hash,
               (SELECT json_group_array(tag) FROM (SELECT tag FROM article_tags t WHERE t.article_id = a.id ORDER BY tag)) AS Tags
        FROM articles a WHERE a.id IN (SELECT value FROM json_each(@ids))
        """;

    /// <summary>Title suggestions for search-as-you-type: every concept in the title or keywords/tags (substring index), best bm25 first.</summary>
    public IReadOnlyList<Suggestion> Suggest(SearchQuery query, int limit = 8)
    {
        if (query.IsEmpty) { return []; }
        const string sql = $"""
            WITH hits AS MATERIALIZED (
                SELECT rowid AS id, {SubstringRank} AS rank FROM search_index WHERE search_index MATCH @match ORDER BY rowid DESC LIMIT @cap)
            SELECT a.slug AS Slug, a.title AS Title, a.category AS Category
            FROM hits h JOIN articles a ON a.id = h.id
            ORDER BY h.rank, a.title
            LIMIT @limit
            """;
        using var connection = db.Open();
        var match = "{title keywords title_bi keywords_bi} : (" + query.Match + ")";
        return connection.Query<(string Slug, string Title, string Category)>(sql, new { match, limit, cap = RankCap })
            .Select(r => new Suggestion(r.Slug, r.Title, r.Category, Urls.Article(r.Slug)))
            .ToList();
    }

    private sealed record HitRow(long Id, string Slug, string Title, string Category, string Hash, string Tags);

    /// <summary>
    /// Plain texts of articles recently listed, for their snippets, by id with the content hash they were read at:
    /// an article's Markdown, HTML and plain text are one Brotli stream, and unpacking ten of them costs more than
    /// the rest of a search on a small wiki. Bounded like the result cache (emptied when full); a changed article
    /// has a new hash and is read again.
    /// </summary>
    private readonly ConcurrentDictionary<long, (string Hash, string Text)> _texts = new();

    private const int TextCacheSize = 512;

    private Dictionary<long, string> PlainTexts(System.Data.IDbConnection connection, IEnumerable<HitRow> rows)
    {
        const string sql = "SELECT id AS Id, content_hash AS Hash, unpack(plain_text, markdown, 2) AS Text FROM articles WHERE id IN (SELECT value FROM json_each(@ids))";
        var texts = new Dictionary<long, string>();
        var missing = new List<long>();
        foreach (var row in rows)
        {
            if (_texts.TryGetValue(row.Id, out var cached) && cached.Hash == row.Hash) { texts[row.Id] = cached.Text; }
            else { missing.Add(row.Id); }
        }
        if (missing.Count == 0) { return texts; }
        if (_texts.Count + missing.Count > TextCacheSize) { _texts.Clear(); }
        foreach (var (id, hash, text) in connection.Query<(long Id, string Hash, string Text)>(sql, new { ids = JsonSerializer.Serialize(missing) }))
        {
            texts[id] = text;
            _texts[id] = (hash, text);
        }
        return texts;
    }
}
