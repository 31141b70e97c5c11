using BenchmarkDotNet.Attributes;
using KnowledgeBase.Articles;
using KnowledgeBase.Content;
using KnowledgeBase.Data;
using KnowledgeBase.Search;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Tokenize.Bench;

/// <summary>
/// Uncached <see cref="SearchService.Search"/> of every question of the relevance sets over the real content,
/// imported into a temporary database: ten results (ten snippets) against one. Snippets are the part that grows
/// with the page size, so the ratio shows what they cost.
/// </summary>
[MemoryDiagnoser]
public class Searching
{
    private string _dir = "";
    private SearchService _search = null!;
    private List<SearchQuery> _queries = [];

    [GlobalSetup]
    public void Setup()
    {
        var content = Path.Combine(Corpus.RepoRoot(), "content");
        _dir = Path.Combine(Path.GetTempPath(), "kb-tokenize-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        var db = new Db($"Data Source={Path.Combine(_dir, "bench.db")}");
        Migrator.Migrate(db);
        var synonyms = new SynonymProvider(NullLogger<SynonymProvider>.Instance);
        var importer = new ContentImporter(db, new ArticleRenderer(), Options.Create(new ContentOptions { ContentPath = content }),
            NullLogger<ContentImporter>.Instance, synonyms);
        var result = importer.Import(content);
        // No result cache (no options): every call analyzes, matches, ranks and builds the snippets.
        _search = new SearchService(db, synonyms);
        _queries = Corpus.Load().Questions.Select(_search.Parse).ToList();
        Console.WriteLine($"// imported {result.Added} articles; {_queries.Count} questions");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public int OneResult() => _queries.Sum(q => _search.Search(q, limit: 1).Results.Count);

    [Benchmark]
    public int TenResults() => _queries.Sum(q => _search.Search(q, limit: 10).Results.Count);
}
