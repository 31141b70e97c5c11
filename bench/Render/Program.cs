// Rendering of the shipped articles at import, this build against a baseline build of KnowledgeBase.dll loaded
// side by side in the same process (the machine is shared, so only a ratio measured in one run means anything).
//   dump <folder>                   writes every article's HTML, plain text and TOC, to diff against another build
//   ab <baseline KnowledgeBase.dll> [rounds]   per-article render time, baseline and this build interleaved
// Baseline: at the baseline commit, `dotnet build -c Release src/KnowledgeBase` and copy its bin/Release/net10.0 folder away.
using System.Diagnostics;
using System.Runtime.Loader;
using KnowledgeBase.Articles;

var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../content"));
var articles = Directory.GetFiles(root, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(file =>
{
    var text = File.ReadAllText(file).ReplaceLineEndings("\n");
    var end = text.StartsWith("---\n", StringComparison.Ordinal) ? text.IndexOf("\n---\n", 4, StringComparison.Ordinal) : -1;
    var category = Path.GetFileName(Path.GetDirectoryName(file))!;
    return (Name: $"{category}_{Path.GetFileNameWithoutExtension(file)}", Category: category, Body: end < 0 ? text : text[(end + 5)..]);
}).ToArray();
var renderer = new ArticleRenderer();

switch (args)
{
    case ["dump", var folder]:
        Directory.CreateDirectory(folder);
        foreach (var a in articles)
        {
            var r = renderer.Render(a.Body, a.Category);
            File.WriteAllText(Path.Combine(folder, a.Name + ".html"), r.Html);
            File.WriteAllText(Path.Combine(folder, a.Name + ".txt"), r.PlainText);
            File.WriteAllLines(Path.Combine(folder, a.Name + ".toc"), r.Toc.Select(t => $"{t.Level} {t.Id} {t.Text}"));
        }
        Console.WriteLine($"{articles.Length} articles written to {folder}");
        return 0;
    case ["ab", var baselineDll, ..]:
        var rounds = args.Length > 2 ? int.Parse(args[2]) : 30;
        var baselineType = new AssemblyLoadContext("baseline").LoadFromAssemblyPath(Path.GetFullPath(baselineDll))
            .GetType(typeof(ArticleRenderer).FullName!)!;
        var baseline = Activator.CreateInstance(baselineType)!;
        var baselineRender = baselineType.GetMethod(nameof(ArticleRenderer.Render))!;
        var current = typeof(ArticleRenderer).GetMethod(nameof(ArticleRenderer.Render))!;
        long before = 0, after = 0;
        for (var round = -3; round < rounds; round++)
        {
            foreach (var a in articles)
            {
                // Alternate which goes first, so neither always runs on a cache the other warmed.
                var t0 = Stopwatch.GetTimestamp();
                (round % 2 == 0 ? baselineRender : current).Invoke(round % 2 == 0 ? baseline : renderer, [a.Body, a.Category, null]);
                var t1 = Stopwatch.GetTimestamp();
                (round % 2 == 0 ? current : baselineRender).Invoke(round % 2 == 0 ? renderer : baseline, [a.Body, a.Category, null]);
                var t2 = Stopwatch.GetTimestamp();
                if (round < 0) { continue; }
                before += round % 2 == 0 ? t1 - t0 : t2 - t1;
                after += round % 2 == 0 ? t2 - t1 : t1 - t0;
            }
        }
        var perArticle = 1e6 / Stopwatch.Frequency / (rounds * articles.Length);
        Console.WriteLine($"baseline {before * perArticle:0} µs/article, this build {after * perArticle:0} µs/article, ratio {(double)after / before:0.000} ({articles.Length} articles × {rounds} rounds; load {File.ReadAllText("/proc/loadavg")[..14]})");
        return 0;
    default:
        Console.Error.WriteLine("usage: dump <folder> | ab <baseline KnowledgeBase.dll> [rounds]");
        return 2;
}
