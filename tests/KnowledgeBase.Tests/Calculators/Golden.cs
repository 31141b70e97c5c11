using System.Text.Json;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Calculators;

/// <summary>The vectors written by scripts/golden/gen_calc_golden.py from real PyTorch (read from the repository).</summary>
internal static class Golden
{
    private static readonly Dictionary<string, JsonElement[]> Cache = [];

    public static JsonElement[] Cases(string file)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(file, out var cases))
            {
                var path = Path.Combine(RepoPaths.Root, "tests", "KnowledgeBase.Tests", "Calculators", "golden", file);
                using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
                cases = doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToArray();
                Cache[file] = cases;
            }
            return cases;
        }
    }

    public static TheoryData<int> Indices(string file)
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Cases(file).Length; i++) { data.Add(i); }
        return data;
    }

    /// <summary>1e-5 relative (plus 1e-9 absolute for values near zero), as the issue asks.</summary>
    public static void Close(double expected, double actual, string what)
    {
        var tolerance = 1e-5 * Math.Abs(expected) + 1e-9;
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R}");
    }

    public static void Close(JsonElement expected, IReadOnlyList<double> actual, string what)
    {
        Assert.Equal(expected.GetArrayLength(), actual.Count);
        var i = 0;
        foreach (var e in expected.EnumerateArray()) { Close(e.GetDouble(), actual[i], $"{what}[{i}]"); i++; }
    }

    public static void Close(JsonElement expected, double[][] actual, string what)
    {
        Assert.Equal(expected.GetArrayLength(), actual.Length);
        var i = 0;
        foreach (var row in expected.EnumerateArray()) { Close(row, actual[i], $"{what}[{i}]"); i++; }
    }

    public static long[] Longs(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt64()).ToArray();
}
