using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KnowledgeBase.Tests.Search;

/// <summary>One query of a relevance set: what the user typed, its kind, and every article that answers it ([] = nothing may be found).</summary>
internal sealed record RelevanceCase(string Q, string Kind, string[] Expected);

/// <summary>hit@5, MRR and zero-result rate of a group of queries.</summary>
internal sealed record RelevanceScore(string Name, int Queries, double HitAt5, double Mrr, double ZeroResultRate);

/// <summary>
/// The figures of one relevance set run through one engine. Recall counts every expected article found at any
/// rank; <see cref="Misses"/> lists the queries whose first result was not an expected article.
/// </summary>
internal sealed record RelevanceFigures(RelevanceScore Total, double Recall, IReadOnlyList<RelevanceScore> ByKind, IReadOnlyList<string> Misses);

/// <summary>
/// Loading and scoring of the relevance*.json sets, free of xunit and of the app so that the Lucene baseline in
/// bench/search-baseline/ compiles this same file and both engines are measured by one definition.
/// </summary>
internal static class RelevanceMetrics
{
    public static List<RelevanceCase> Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("queries").EnumerateArray()
            .Select(e => new RelevanceCase(e.GetProperty("q").GetString()!, e.GetProperty("kind").GetString()!,
                e.GetProperty("expected").EnumerateArray().Select(x => x.GetString()!).ToArray()))
            .ToList();
    }

    /// <summary>
    /// Runs every case through <paramref name="search"/> (slugs, best first). A case that expects nothing is a hit
    /// (and reciprocal rank 1) only when nothing comes back; the zero-result rate counts only cases that expect
    /// something, so a set's "must find nothing" queries do not inflate it.
    /// </summary>
    public static async Task<RelevanceFigures> MeasureAsync(string name, IReadOnlyList<RelevanceCase> cases, Func<string, Task<IReadOnlyList<string>>> search)
    {
        var rows = new List<(string Kind, bool Hit, double Rr, bool ZeroCounted, bool Zero)>();
        var misses = new List<string>();
        int found = 0, wanted = 0;
        foreach (var c in cases)
        {
            var slugs = await search(c.Q);
            bool hit;
            double rr;
            if (c.Expected.Length == 0)
            {
                hit = slugs.Count == 0;
                rr = hit ? 1 : 0;
            }
            else
            {
                var rank = slugs.ToList().FindIndex(s => c.Expected.Contains(s));
                rr = rank < 0 ? 0 : 1.0 / (rank + 1);
                hit = rank is >= 0 and < 5;
                wanted += c.Expected.Length;
                found += c.Expected.Count(slugs.Contains);
            }
            rows.Add((c.Kind, hit, rr, c.Expected.Length > 0, c.Expected.Length > 0 && slugs.Count == 0));
            if (rr < 1)
            {
                misses.Add($"{c.Q} → [{string.Join(", ", slugs.Take(5))}] expected [{string.Join(", ", c.Expected)}] rr={rr:0.00}");
            }
        }

        static RelevanceScore Score(string name, IReadOnlyCollection<(string Kind, bool Hit, double Rr, bool ZeroCounted, bool Zero)> rs)
        {
            var counted = rs.Count(r => r.ZeroCounted);
            return new(name, rs.Count, rs.Count(r => r.Hit) / (double)rs.Count, rs.Average(r => r.Rr),
                counted == 0 ? 0 : rs.Count(r => r.Zero) / (double)counted);
        }

        return new RelevanceFigures(
            Score(name, rows),
            wanted == 0 ? 1 : (double)found / wanted,
            rows.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Score(g.Key, g.ToList())).ToList(),
            misses);
    }

    /// <summary>A Markdown table of the scores, one row each, for docs/search.md and test output alike.</summary>
    public static string Table(IEnumerable<RelevanceScore> scores, string firstColumn = "set")
    {
        var sb = new StringBuilder($"| {firstColumn} | queries | hit@5 | MRR | zero results |\n|---|---:|---:|---:|---:|\n");
        foreach (var s in scores)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {s.Name} | {s.Queries} | {s.HitAt5:0.000} | {s.Mrr:0.000} | {s.ZeroResultRate:0.0%} |\n");
        }
        return sb.ToString();
    }
}
