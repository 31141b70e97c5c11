using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KnowledgeBase.Search;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace KnowledgeBase.Tests.Search;

/// <summary>
/// hit@5 and MRR of /api/search over the relevance set (relevance.json) on the fixture corpus, and recall
/// against a naive <c>LIKE '%q%'</c> baseline over the same database.
/// </summary>
public class SearchRelevanceTests(SearchCorpusFixture fx, ITestOutputHelper output) : IClassFixture<SearchCorpusFixture>
{
    private sealed record Case(string Q, string Kind, string[] Expected);

    private static List<Case> Cases()
    {
        var path = Path.Combine(RepoPathsForSearch.TestsFolder, "relevance.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("queries").EnumerateArray()
            .Select(e => new Case(e.GetProperty("q").GetString()!, e.GetProperty("kind").GetString()!,
                e.GetProperty("expected").EnumerateArray().Select(x => x.GetString()!).ToArray()))
            .ToList();
    }

    [Fact]
    public async Task Relevance_set_meets_hit_at_5_and_mrr_and_beats_like_baseline()
    {
        var cases = Cases();
        Assert.True(cases.Count >= 50, $"relevance set has {cases.Count} queries");
        var slugsInCorpus = Directory.EnumerateFiles(SearchCorpusFixture.CorpusPath, "*.md", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.All(cases.SelectMany(c => c.Expected), s => Assert.Contains(s, slugsInCorpus));

        double hits = 0, reciprocal = 0;
        int found = 0, likeFound = 0, wanted = 0;
        var failures = new List<string>();
        var byKind = new Dictionary<string, (int Hits, int Count)>();
        foreach (var c in cases)
        {
            var response = await fx.Client.GetFromJsonAsync<JsonElement>("/api/search?limit=100&q=" + Uri.EscapeDataString(c.Q));
            var slugs = response.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("slug").GetString()!).ToList();
            double rr;
            if (c.Expected.Length == 0)
            {
                rr = slugs.Count == 0 ? 1 : 0;
            }
            else
            {
                var rank = slugs.FindIndex(s => c.Expected.Contains(s));
                rr = rank < 0 ? 0 : 1.0 / (rank + 1);
                wanted += c.Expected.Length;
                found += c.Expected.Count(slugs.Contains);
                var like = LikeBaseline(c.Q);
                likeFound += c.Expected.Count(like.Contains);
            }
            var hit = c.Expected.Length == 0 ? slugs.Count == 0 : slugs.Take(5).Any(c.Expected.Contains);
            hits += hit ? 1 : 0;
            reciprocal += rr;
            var k = byKind.GetValueOrDefault(c.Kind);
            byKind[c.Kind] = (k.Hits + (hit ? 1 : 0), k.Count + 1);
            if (!hit || rr < 1) { failures.Add($"  {c.Q} → [{string.Join(", ", slugs.Take(5))}] expected [{string.Join(", ", c.Expected)}] rr={rr:0.00}"); }
        }

        var hitAt5 = hits / cases.Count;
        var mrr = reciprocal / cases.Count;
        var recall = (double)found / wanted;
        var likeRecall = (double)likeFound / wanted;
        output.WriteLine($"queries={cases.Count} hit@5={hitAt5:0.000} MRR={mrr:0.000} recall={recall:0.000} LIKE-baseline recall={likeRecall:0.000}");
        foreach (var (kind, (h, n)) in byKind) { output.WriteLine($"  {kind,-8} hit@5 {h}/{n}"); }
        output.WriteLine("Not first / missed:");
        failures.ForEach(output.WriteLine);

        Assert.True(hitAt5 >= 0.95, $"hit@5 {hitAt5:0.000} < 0.95");
        Assert.True(mrr >= 0.85, $"MRR {mrr:0.000} < 0.85");
        Assert.True(recall > likeRecall, $"recall {recall:0.000} does not beat LIKE baseline {likeRecall:0.000}");
    }

    /// <summary>What a naive implementation would do: substring match of the raw query, no normalization.</summary>
    private HashSet<string> LikeBaseline(string q)
    {
        using var connection = new SqliteConnection($"Data Source={fx.Factory.DatabasePath}");
        connection.Open();
        const string sql = """
            SELECT slug FROM articles
            WHERE title LIKE '%' || @q || '%' OR title_en LIKE '%' || @q || '%'
               OR keywords LIKE '%' || @q || '%' OR plain_text LIKE '%' || @q || '%'
            """;
        return connection.Query<string>(sql, new { q }).ToHashSet();
    }

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
