using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KnowledgeBase.Data;
using Xunit.Abstractions;

namespace KnowledgeBase.Tests.Search;

/// <summary>
/// A relevance set (relevance*.json next to this file) run through /api/search of a running app: hit@5, MRR,
/// zero-result rate, per-kind figures (<see cref="RelevanceMetrics"/>) and recall against a naive
/// <c>LIKE '%q%'</c> baseline over the same database. Shared by the fixture-corpus, real-content and question
/// tests so all are measured the same way.
/// </summary>
internal static class RelevanceSet
{
    public const double MinHitAt5 = 0.95;
    public const double MinMrr = 0.85;

    public static List<RelevanceCase> Load(string fileName) =>
        RelevanceMetrics.Load(Path.Combine(RepoPathsForSearch.TestsFolder, fileName));

    /// <summary>Runs the set through /api/search and prints the figures, the per-kind figures and every miss.</summary>
    public static async Task<(RelevanceFigures Figures, double LikeRecall)> MeasureAsync(
        string fileName, IReadOnlyList<RelevanceCase> cases, HttpClient client, string databasePath, ITestOutputHelper output)
    {
        var figures = await RelevanceMetrics.MeasureAsync(fileName, cases, async q =>
        {
            var response = await client.GetFromJsonAsync<JsonElement>("/api/search?limit=100&q=" + Uri.EscapeDataString(q));
            return response.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("slug").GetString()!).ToList();
        });
        var wanted = cases.Sum(c => c.Expected.Length);
        var likeRecall = wanted == 0 ? 1 : cases.Sum(c => c.Expected.Count(LikeBaseline(databasePath, c.Q).Contains)) / (double)wanted;

        output.WriteLine($"{fileName}: recall={figures.Recall:0.000} LIKE-baseline recall={likeRecall:0.000}");
        output.WriteLine(RelevanceMetrics.Table(figures.ByKind.Prepend(figures.Total with { Name = "all" }), fileName));
        output.WriteLine("Not first / missed:");
        foreach (var miss in figures.Misses) { output.WriteLine("  " + miss); }
        return (figures, likeRecall);
    }

    /// <summary>
    /// Runs a keyword set, prints the figures and asserts the thresholds and the baseline. A set can raise the floors
    /// to what the engine already reached (keyword search must not fall when question search improves).
    /// </summary>
    public static async Task AssertMeetsTargetsAsync(string fileName, HttpClient client, string databasePath, string contentPath, ITestOutputHelper output,
        double minHitAt5 = MinHitAt5, double minMrr = MinMrr)
    {
        var cases = Load(fileName);
        Assert.True(cases.Count >= 50, $"relevance set has {cases.Count} queries");
        AssertExpectedSlugsExist(cases, contentPath);

        var (figures, likeRecall) = await MeasureAsync(fileName, cases, client, databasePath, output);

        Assert.True(figures.Total.HitAt5 >= minHitAt5, $"hit@5 {figures.Total.HitAt5:0.000} < {minHitAt5}");
        Assert.True(figures.Total.Mrr >= minMrr, $"MRR {figures.Total.Mrr:0.000} < {minMrr}");
        Assert.True(figures.Recall > likeRecall, $"recall {figures.Recall:0.000} does not beat LIKE baseline {likeRecall:0.000}");
    }

    public static HashSet<string> SlugsIn(string contentPath) =>
        Directory.EnumerateFiles(contentPath, "*.md", SearchOption.AllDirectories).Select(f => Path.GetFileNameWithoutExtension(f)).ToHashSet();

    public static void AssertExpectedSlugsExist(IEnumerable<RelevanceCase> cases, string contentPath)
    {
        var slugsInCorpus = SlugsIn(contentPath);
        Assert.All(cases.SelectMany(c => c.Expected), s => Assert.Contains(s, slugsInCorpus));
    }

    /// <summary>What a naive implementation would do: substring match of the raw query, no normalization.</summary>
    private static HashSet<string> LikeBaseline(string databasePath, string q)
    {
        using var connection = new Db($"Data Source={databasePath}").Open();
        const string sql = """
            SELECT slug FROM articles
            WHERE title LIKE '%' || @q || '%' OR title_en LIKE '%' || @q || '%'
               OR keywords LIKE '%' || @q || '%' OR unpack(plain_text, markdown, 2) LIKE '%' || @q || '%'
            """;
        return connection.Query<string>(sql, new { q }).ToHashSet();
    }
}
