using Dapper;
using KnowledgeBase.Data;
using KnowledgeBase.Search;

namespace KnowledgeBase.Tests.Search;

/// <summary>
/// Column weights and the rank cap of <see cref="SearchService.Search"/> (docs/search.md "Ranking"), on a
/// generated database large enough for one query's candidates to exceed <see cref="SearchService.RankCap"/>.
/// </summary>
public sealed class SearchTierTests : IDisposable
{
    private const int Capped = SearchService.RankCap + 20;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kb-tests", Guid.NewGuid().ToString("N"));
    private readonly SearchService _search;

    public SearchTierTests()
    {
        Directory.CreateDirectory(_dir);
        var db = new Db($"Data Source={Path.Combine(_dir, "kb.db")}");
        Migrator.Migrate(db);
        using (var connection = db.Open())
        using (var tx = connection.BeginTransaction())
        {
            const string sql = """
                INSERT INTO articles (slug, category, source_path, content_hash, title, title_en, keywords, markdown, html, plain_text, updated)
                VALUES (@slug, 'cnn', @slug || '.md', @slug, @title, NULL, '[]', '', '', @body, '2026-01-01T00:00:00Z')
                """;
            // Tier-1 heavy: "卷积" in every title. Tier-2 only: "卷积" in the body alone.
            for (var i = 0; i < Capped; i++) { connection.Execute(sql, new { slug = $"a{i}", title = $"卷积 第 {i} 篇", body = "正文" }, tx); }
            for (var i = 0; i < 3; i++) { connection.Execute(sql, new { slug = $"b{i}", title = "其他", body = "这里提到卷积。" }, tx); }
            // "白化": once in a title, many times in another article's body (a higher bm25 than the title match).
            connection.Execute(sql, new { slug = "title-match", title = "白化 方法", body = "正文" }, tx);
            connection.Execute(sql, new { slug = "body-match", title = "其他", body = string.Concat(Enumerable.Repeat("白化，", 30)) }, tx);
            SearchIndexer.Sync(connection, tx);
            tx.Commit();
        }
        _search = new SearchService(db, new SynonymProvider(Microsoft.Extensions.Logging.Abstractions.NullLogger<SynonymProvider>.Instance)); // no synonyms
    }

    [Fact]
    public void A_title_match_ranks_above_a_body_that_repeats_the_word()
    {
        var result = _search.Search(_search.Parse("白化"));
        Assert.Equal(2, result.Total);
        Assert.Equal(["title-match", "body-match"], result.Results.Select(r => r.Slug));
        Assert.True(result.Results[0].Score > result.Results[1].Score);
        Assert.False(result.Partial);
    }

    [Fact]
    public void Candidates_over_the_cap_rank_the_newest_and_the_listing_ends_at_the_cap()
    {
        var query = _search.Parse("卷积");
        var first = _search.Search(query, limit: 100);
        Assert.Equal(Capped + 3, first.Total); // exact count, cap or not
        Assert.Equal(100, first.Results.Count);
        // Only the RankCap newest of a0..a{Capped-1} are scored: the oldest 20 never appear.
        Assert.All(first.Results, r => Assert.True(int.Parse(r.Slug[1..]) >= Capped - SearchService.RankCap, r.Slug));
        Assert.Equal(first.Results.Select(r => r.Score).OrderByDescending(s => s), first.Results.Select(r => r.Score));

        var last = _search.Search(query, limit: 100, offset: SearchService.RankCap - 30);
        Assert.Equal(30, last.Results.Count);
        Assert.Equal(Capped + 3, last.Total);
        Assert.Empty(_search.Search(query, limit: 10, offset: SearchService.RankCap).Results);
    }

    [Fact]
    public void Body_matches_page_like_any_other()
    {
        // "其他" is the title of b0..b2 and body-match; "提到" only in the bodies of b0..b2.
        var result = _search.Search(_search.Parse("提到"), limit: 2, offset: 1);
        Assert.Equal(3, result.Total);
        Assert.Equal(2, result.Results.Count);
        Assert.All(result.Results, r => Assert.StartsWith("b", r.Slug));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
