using Dapper;
using KnowledgeBase.Data;
using KnowledgeBase.Search;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Search;

/// <summary>
/// The import cuts articles into words while it prepares them and writes their word-index rows with the article;
/// <see cref="SearchIndexer.Sync"/> is the catch-up path that cuts stored articles again. Both must index exactly
/// the same words at the same positions, with the same stamps, or relevance would depend on which path ran.
/// </summary>
/// <remarks>
/// Runs alone: jieba's dictionary is process-wide, and a host of another test adding its articles' terms between
/// this import and the catch-up would cut some words differently on the two paths.
/// </remarks>
[Collection(Name)]
public sealed class WordIndexImportTests : IDisposable
{
    public const string Name = "word index alone";

    private readonly KbFactory _factory = new();

    [Fact]
    public void The_import_writes_the_word_index_the_catch_up_sync_would_write()
    {
        _ = _factory.Services; // starts the host: migrate and import the shipped content
        var db = _factory.Services.GetRequiredService<Db>();
        var synonyms = _factory.Services.GetRequiredService<SynonymProvider>().Current;
        using var connection = db.Open();
        // fts5vocab reads the index itself, so a contentless table can be compared term by term, position by position.
        connection.Execute("CREATE VIRTUAL TABLE temp.head_words USING fts5vocab(main, search_words, instance)");
        connection.Execute("CREATE VIRTUAL TABLE temp.body_words USING fts5vocab(main, search_words_body, instance)");
        List<string> Index(string table) =>
            connection.Query<string>($"SELECT doc || ' ' || col || ' ' || offset || ' ' || term FROM temp.{table} ORDER BY doc, col, offset").ToList();
        List<string> Stamps() => connection.Query<string>("SELECT id || ' ' || hash FROM search_words_rows ORDER BY id").ToList();

        var (head, body, stamps) = (Index("head_words"), Index("body_words"), Stamps());
        var articles = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM articles");
        Assert.True(articles > 10, $"{articles} articles imported");
        Assert.Equal(articles, stamps.Count);
        Assert.True(head.Count > articles && body.Count > 100 * articles, $"{head.Count} head and {body.Count} body words");
        // Already current after the import: nothing to catch up on.
        Assert.Equal(0, SearchIndexer.Sync(connection, null, synonyms));

        connection.Execute("UPDATE search_words_rows SET hash = 'stale'");
        SearchIndexer.Sync(connection, null, synonyms);

        Assert.Equal(stamps, Stamps());
        Assert.Equal(head, Index("head_words"));
        Assert.Equal(body, Index("body_words"));
    }

    public void Dispose() => _factory.Dispose();
}

[CollectionDefinition(WordIndexImportTests.Name, DisableParallelization = true)]
public sealed class WordIndexAloneCollection;
