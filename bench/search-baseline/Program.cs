using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KnowledgeBase.Tests.Search;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

// Lucene.Net baseline for search relevance: indexes the same articles with SmartCn + BM25, title and keywords
// boosted over the body, OR between query terms (what an Elasticsearch multi_match gives by default), and runs
// the relevance sets of tests/KnowledgeBase.Tests/Search through it. With --ours URL (and --ours-corpus URL for
// the fixture corpus) it also runs them through a running KnowledgeBase's /api/search and prints both side by
// side. See README.md.

var root = FindRoot();
var searchTests = Path.Combine(root, "tests", "KnowledgeBase.Tests", "Search");
var content = Path.Combine(root, "content");
var corpus = Path.Combine(searchTests, "corpus");
string[] sets = ["relevance.json", "relevance-content.json", "relevance-questions.json", "relevance-questions-holdout.json"];

string? ours = null, oursCorpus = null;
bool kinds = false, misses = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--ours": ours = args[++i].TrimEnd('/'); break;
        case "--ours-corpus": oursCorpus = args[++i].TrimEnd('/'); break;
        case "--kinds": kinds = true; break;
        case "--misses": misses = true; break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}; usage: [--ours URL] [--ours-corpus URL] [--kinds] [--misses]"); return 2;
    }
}

using var contentIndex = new LuceneIndex(content);
using var corpusIndex = new LuceneIndex(corpus);
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

var rows = new List<(string Set, RelevanceFigures Lucene, RelevanceFigures? Ours)>();
foreach (var set in sets)
{
    var cases = RelevanceMetrics.Load(Path.Combine(searchTests, set));
    var fixture = set == "relevance.json";
    var index = fixture ? corpusIndex : contentIndex;
    var lucene = await RelevanceMetrics.MeasureAsync(set, cases, q => Task.FromResult(index.Search(q, 100)));
    var url = fixture ? oursCorpus : ours;
    RelevanceFigures? mine = null;
    if (url is not null)
    {
        mine = await RelevanceMetrics.MeasureAsync(set, cases, async q =>
        {
            var response = await http.GetFromJsonAsync<JsonElement>($"{url}/api/search?limit=100&q={Uri.EscapeDataString(q)}");
            return response.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("slug").GetString()!).ToList();
        });
    }
    rows.Add((set, lucene, mine));
}

Console.WriteLine($"Articles: content/ {contentIndex.Count}, fixture corpus {corpusIndex.Count}.");
Console.WriteLine();
if (rows.Any(r => r.Ours is not null))
{
    Console.WriteLine(SideBySide(rows.Select(r => (r.Set, r.Lucene.Total, r.Ours?.Total))));
    if (kinds)
    {
        foreach (var (set, lucene, mine) in rows.Where(r => r.Ours is not null))
        {
            Console.WriteLine($"Per kind, {set}:");
            Console.WriteLine();
            Console.WriteLine(SideBySide(lucene.ByKind.Select(k => (k.Name, k, mine!.ByKind.FirstOrDefault(o => o.Name == k.Name))), "kind"));
        }
    }
}
else
{
    Console.WriteLine("Lucene.Net 4.8 (SmartCn, BM25, OR, title/keywords boosted):");
    Console.WriteLine();
    Console.WriteLine(RelevanceMetrics.Table(rows.Select(r => r.Lucene.Total)));
    if (kinds)
    {
        foreach (var (set, lucene, _) in rows)
        {
            Console.WriteLine($"Per kind, {set}:");
            Console.WriteLine();
            Console.WriteLine(RelevanceMetrics.Table(lucene.ByKind, "kind"));
        }
    }
}

if (misses)
{
    foreach (var (set, lucene, mine) in rows)
    {
        foreach (var (engine, figures) in new[] { ("Lucene", lucene), ("ours", mine) })
        {
            if (figures is null) { continue; }
            Console.WriteLine($"Not first / missed by {engine}, {set}:");
            figures.Misses.ToList().ForEach(m => Console.WriteLine("  " + m));
            Console.WriteLine();
        }
    }
}

// Speed on one thread: every question once as warm-up, then as many rounds as fit in ~3 s, top 10 like the API.
var questions = sets.Skip(1).SelectMany(s => RelevanceMetrics.Load(Path.Combine(searchTests, s))).Select(c => c.Q).ToList();
questions.ForEach(q => contentIndex.Search(q, 10));
var clock = Stopwatch.StartNew();
var done = 0;
while (clock.Elapsed < TimeSpan.FromSeconds(3))
{
    questions.ForEach(q => contentIndex.Search(q, 10));
    done += questions.Count;
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Lucene speed: {done / clock.Elapsed.TotalSeconds:0} queries/s on one thread ({clock.Elapsed.TotalMilliseconds / done:0.000} ms/query, top 10, {questions.Count} distinct queries over content/)."));
return 0;

static string SideBySide(IEnumerable<(string Name, RelevanceScore Lucene, RelevanceScore? Ours)> rows, string firstColumn = "set")
{
    static string F(RelevanceScore? s, Func<RelevanceScore, string> f) => s is null ? "–" : f(s);
    var sb = new StringBuilder($"| {firstColumn} | queries | hit@5 Lucene | hit@5 ours | MRR Lucene | MRR ours | zero results Lucene | zero results ours |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    foreach (var (name, l, o) in rows)
    {
        sb.Append(CultureInfo.InvariantCulture,
            $"| {name} | {l.Queries} | {l.HitAt5:0.000} | {F(o, s => s.HitAt5.ToString("0.000", CultureInfo.InvariantCulture))} | {l.Mrr:0.000} | {F(o, s => s.Mrr.ToString("0.000", CultureInfo.InvariantCulture))} | {l.ZeroResultRate:0.0%} | {F(o, s => s.ZeroResultRate.ToString("0.0%", CultureInfo.InvariantCulture))} |\n");
    }
    return sb.ToString();
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(System.IO.Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "KnowledgeBase.sln"))) { return dir.FullName; }
    }
    throw new InvalidOperationException("run from inside the repository (KnowledgeBase.sln not found above the current directory)");
}

/// <summary>
/// The articles of one content folder in an in-memory Lucene index: title (+ English title), keywords (+ tags)
/// and body as separate fields, boosted 10 / 4 / 1 like the FTS5 column weights of the app's own index.
/// </summary>
internal sealed class LuceneIndex : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private static readonly Dictionary<string, float> Boosts = new() { ["title"] = 10, ["keywords"] = 4, ["body"] = 1 };

    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly MultiFieldQueryParser _parser;

    public LuceneIndex(string contentPath)
    {
        var analyzer = new SmartChineseAnalyzer(Version);
        var config = new IndexWriterConfig(Version, analyzer) { Similarity = new BM25Similarity() };
        using (var writer = new IndexWriter(_directory, config))
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(contentPath, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var article = Article.Read(file);
                writer.AddDocument(new Document
                {
                    new StringField("slug", Path.GetFileNameWithoutExtension(file), Field.Store.YES),
                    new TextField("title", article.Title, Field.Store.NO),
                    new TextField("keywords", article.Keywords, Field.Store.NO),
                    new TextField("body", article.Body, Field.Store.NO),
                });
            }
            writer.Commit();
        }
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
        _parser = new MultiFieldQueryParser(Version, [.. Boosts.Keys], analyzer, Boosts) { DefaultOperator = Operator.OR };
    }

    public int Count => _reader.NumDocs;

    /// <summary>The user's text escaped, so that it is never query syntax; a query that analyzes to nothing finds nothing.</summary>
    public IReadOnlyList<string> Search(string text, int top)
    {
        Query? query;
        try
        {
            query = _parser.Parse(QueryParserBase.Escape(text));
        }
        catch (ParseException)
        {
            return [];
        }
        if (query is null) { return []; }
        return _searcher.Search(query, top).ScoreDocs.Select(d => _searcher.Doc(d.Doc).Get("slug")).ToList();
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}

/// <summary>Just enough of an article for indexing: the front-matter fields searched and the Markdown body as plain text.</summary>
internal sealed record Article(string Title, string Keywords, string Body)
{
    public static Article Read(string path)
    {
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var fields = new Dictionary<string, string>();
        var body = text;
        if (text.StartsWith("---\n", StringComparison.Ordinal))
        {
            var end = text.IndexOf("\n---", 4, StringComparison.Ordinal);
            foreach (var line in text[4..end].Split('\n'))
            {
                var colon = line.IndexOf(':');
                if (colon > 0) { fields[line[..colon].Trim()] = Unquote(line[(colon + 1)..]); }
            }
            body = text[(text.IndexOf('\n', end + 1) + 1)..];
        }
        string Field(string name) => fields.GetValueOrDefault(name, "");
        return new Article($"{Field("title")} {Field("title_en")}", $"{Field("tags")} , {Field("keywords")}", Markdig.Markdown.ToPlainText(body));
    }

    /// <summary>A scalar or a flow list (<c>[a, b]</c>) as plain text; quotes dropped.</summary>
    private static string Unquote(string value) => value.Trim().Trim('[', ']').Replace("\"", "").Replace("'", "");
}
