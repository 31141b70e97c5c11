using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using KnowledgeBase.Search;
using Tokenize.Bench;
using Tokenize.Bench.Old;

if (args.Contains("--verify"))
{
    return Verify.Run(args.Contains("--fuzz") ? 20000 : 2000);
}
if (args.Contains("--quick"))
{
    // A rough Stopwatch pass for iterating on the code; the figures to record come from BenchmarkDotNet.
    var bench = new Tokenizing();
    bench.Setup();
    foreach (var (name, run) in new (string, Func<int>)[]
    {
        ("TokenizeOld", bench.TokenizeOld), ("TokenizeNew", bench.TokenizeNew),
        ("WordsIndexOld", bench.WordsIndexOld), ("WordsIndexNew", bench.WordsIndexNew),
        ("WordsQueryOld", bench.WordsQueryOld), ("WordsQueryNew", bench.WordsQueryNew),
        ("SnippetsOld", bench.SnippetsOld), ("SnippetsNew", bench.SnippetsNew),
        ("DocumentsOld", bench.DocumentsOld), ("DocumentsNew", bench.DocumentsNew),
    })
    {
        for (var w = 0; w < 3; w++) { run(); }
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var n = 0;
        while (sw.ElapsedMilliseconds < 1500) { run(); n++; }
        Console.WriteLine($"{name,-14} {sw.Elapsed.TotalMilliseconds / n,9:0.000} ms");
    }
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(Tokenizing).Assembly).Run(args);
return 0;

/// <summary>
/// Each pair: the implementation before the speed-up (copied into Old/, the baseline) and the app's, over the
/// real content: every article's rendered plain text, and a snippet for every question of the relevance sets in
/// each article that answers it (what a search shows).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class Tokenizing
{
    private List<string> _texts = [];
    private List<(SearchQuery Query, string Text)> _snippets = [];
    private List<(KnowledgeBase.Content.ArticleMeta Meta, string PlainText)> _documents = [];
    private SynonymSet _synonyms = SynonymSet.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var corpus = Corpus.Load();
        _texts = corpus.Articles.Select(a => a.PlainText).ToList();
        _documents = corpus.Documents;
        _synonyms = corpus.Synonyms;
        var bySlug = corpus.Articles.ToDictionary(a => a.Slug, a => a.PlainText);
        _snippets = corpus.Queries.SelectMany(q => q.Expected.Where(bySlug.ContainsKey).Select(slug => (q.Query, bySlug[slug]))).ToList();
        Console.WriteLine($"// {_texts.Count} articles, {_texts.Sum(t => t.Length)} chars; {_snippets.Count} snippets");
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Tokenize")]
    public int TokenizeOld() => _texts.Sum(t => OldTextNormalizer.Tokenize(t).Count);

    [Benchmark, BenchmarkCategory("Tokenize")]
    public int TokenizeNew() => _texts.Sum(t => TextNormalizer.Tokenize(t).Count);

    [Benchmark(Baseline = true), BenchmarkCategory("WordsIndex")]
    public int WordsIndexOld() => _texts.Sum(t => OldWordSegmenter.Words(t, forIndex: true).Count);

    [Benchmark, BenchmarkCategory("WordsIndex")]
    public int WordsIndexNew() => _texts.Sum(t => WordSegmenter.Words(t, forIndex: true).Count);

    [Benchmark(Baseline = true), BenchmarkCategory("WordsQuery")]
    public int WordsQueryOld() => _texts.Sum(t => OldWordSegmenter.Words(t, forIndex: false).Count);

    [Benchmark, BenchmarkCategory("WordsQuery")]
    public int WordsQueryNew() => _texts.Sum(t => WordSegmenter.Words(t, forIndex: false).Count);

    /// <summary>Both index documents of every article, as the import makes them.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Documents")]
    public int DocumentsOld() => _documents.Sum(d =>
        OldDocuments.Search(d.Meta.Title!, d.Meta.TitleEn, d.Meta.Keywords, d.Meta.Tags, d.PlainText).Body.Length
        + OldDocuments.Words(d.Meta.Title!, d.Meta.TitleEn, d.Meta.Keywords, d.Meta.Tags, d.PlainText, "hash", _synonyms).Body.Length);

    [Benchmark, BenchmarkCategory("Documents")]
    public int DocumentsNew() => _documents.Sum(d =>
    {
        var body = TextNormalizer.Tokenize(d.PlainText);
        return SearchDocument.Create(d.Meta.Title!, d.Meta.TitleEn, d.Meta.Keywords, d.Meta.Tags, body).Body.Length
            + WordDocument.Create(d.Meta.Title!, d.Meta.TitleEn, d.Meta.Keywords, d.Meta.Tags, d.PlainText, body, "hash", _synonyms).Body.Length;
    });

    [Benchmark(Baseline = true), BenchmarkCategory("Snippets")]
    public int SnippetsOld() => _snippets.Sum(s => OldSnippets.Build(s.Text, s.Query).Length);

    [Benchmark, BenchmarkCategory("Snippets")]
    public int SnippetsNew() => _snippets.Sum(s => Snippets.Build(s.Text, s.Query).Length);
}

