using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KnowledgeBase.Data;
using Xunit.Abstractions;

namespace KnowledgeBase.Tests.Search;

/// <summary>
/// A relevance set (relevance*.json next to this file) run through /api/search of a running app: hit@5, MRR
/// and recall against a naive <c>LIKE '%q%'</c> baseline over the same database. Shared by the fixture-corpus
/// and the real-content tests so both are measured the same way.
/// </summary>
internal static class RelevanceSet
{
    public const double MinHitAt5 = 0.95;
    public const double MinMrr = 0.85;

    private sealed record Case(string Q, string Kind, string[] Expected);

    private static List<Case> Load(string fileName)
    {
        var path = Path.Combine(RepoPathsForSearch.TestsFolder, fileName);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("queries").EnumerateArray()
            .Select(e => new Case(e.GetProperty("q").GetString()!, e.GetProperty("kind").GetString()!,
                e.GetProperty("expected").EnumerateArray().Select(x => x.GetString()!).ToArray()))
            .ToList();
    }

    /// <summary>Runs the set, prints the figures and asserts the thresholds and the baseline.</summary>
    public static async Task AssertMeetsTargetsAsync(string fileName, HttpClient client, string databasePath, string contentPath, ITestOutputHelper output)
    {
        var cases = Load(fileName);
        Assert.True(cases.Count >= 50, $"relevance set has {cases.Count} queries");
        var slugsInCorpus = Directory.EnumerateFiles(contentPath, "*.md", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.All(cases.SelectMany(c => c.Expected), s => Assert.Contains(s, slugsInCorpus));

        double hits = 0, reciprocal = 0;
        int found = 0, likeFound = 0, wanted = 0;
        var failures = new List<string>();
        var byKind = new Dictionary<string, (int Hits, int Count)>();
        foreach (var c in cases)
        {
            var response = await client.GetFromJsonAsync<JsonElement>("/api/search?limit=100&q=" + Uri.EscapeDataString(c.Q));
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
                var like = LikeBaseline(databasePath, c.Q);
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
        output.WriteLine($"{fileName}: queries={cases.Count} hit@5={hitAt5:0.000} MRR={mrr:0.000} recall={recall:0.000} LIKE-baseline recall={likeRecall:0.000}");
        foreach (var (kind, (h, n)) in byKind) { output.WriteLine($"  {kind,-10} hit@5 {h}/{n}"); }
        output.WriteLine("Not first / missed:");
        failures.ForEach(output.WriteLine);

        Assert.True(hitAt5 >= MinHitAt5, $"hit@5 {hitAt5:0.000} < {MinHitAt5}");
        Assert.True(mrr >= MinMrr, $"MRR {mrr:0.000} < {MinMrr}");
        Assert.True(recall > likeRecall, $"recall {recall:0.000} does not beat LIKE baseline {likeRecall:0.000}");
    }

    /// <summary>What a naive implementation would do: substring match of the raw query, no normalization.</summary>
    private static HashSet<string> LikeBaseline(string databasePath, string q)
    {
        using var connection = new Db($"Data Source={databasePath}").Open();
        const string sql = """
            SELECT slug FROM articles
            WHERE title LIKE '%' || @q || '%' OR title_en LIKE '%' || @q || '%'
               OR keywords LIKE '%' || @q || '%' OR unpack(plain_text) LIKE '%' || @q || '%'
            """;
        return connection.Query<string>(sql, new { q }).ToHashSet();
    }
}
