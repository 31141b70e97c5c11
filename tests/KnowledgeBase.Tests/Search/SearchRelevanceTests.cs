using Dapper;
using KnowledgeBase.Search;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace KnowledgeBase.Tests.Search;

/// <summary>
/// The relevance set relevance.json over the fixture corpus (see <see cref="RelevanceSet"/>).
/// </summary>
[Collection(SearchCorpusFixture.Name)]
public class SearchRelevanceTests(SearchCorpusFixture fx, ITestOutputHelper output)
{
    [Fact]
    public Task Relevance_set_meets_hit_at_5_and_mrr_and_beats_like_baseline() =>
        // Floors: 1 miss of 94 allowed — with OR semantics "量子计算" finds the articles about 计算 of this small corpus.
        RelevanceSet.AssertMeetsTargetsAsync("relevance.json", fx.Client, fx.Factory.DatabasePath, SearchCorpusFixture.CorpusPath, output, minHitAt5: 0.985, minMrr: 0.985);

    [Fact]
    public void Fixture_corpus_is_fully_indexed()
    {
        using var connection = new SqliteConnection($"Data Source={fx.Factory.DatabasePath}");
        connection.Open();
        var articles = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM articles");
        Assert.True(articles >= 15, $"{articles} articles");
        Assert.Equal(articles, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM search_index"));
        Assert.Equal(0, connection.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM search_index WHERE hash NOT LIKE @v || ':%'", new { v = TextNormalizer.Version }));
    }
}

internal static class RepoPathsForSearch
{
    public static string TestsFolder => Path.GetDirectoryName(SearchCorpusFixture.CorpusPath)!;
}
