using Dapper;
using KnowledgeBase.Data;
using KnowledgeBase.Search;

namespace KnowledgeBase.Tests.Search;

/// <summary>
/// Migration 003 (CJK bigram columns) on a database indexed by the old schema: the table is rebuilt and the
/// next <see cref="SearchIndexer.Sync"/> re-indexes every article, after which bigram and single-character
/// queries both find them.
/// </summary>
public sealed class SearchMigrationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kb-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void An_index_made_before_migration_003_is_rebuilt_with_bigrams()
    {
        Directory.CreateDirectory(_dir);
        var db = new Db($"Data Source={Path.Combine(_dir, "kb.db")}");
        using (var connection = db.Open())
        {
            // The database as migrations 001-002 and the version-1 indexer left it.
            foreach (var (version, sql) in Migrator.Scripts().Where(s => s.Version <= 2)) { connection.Execute(sql); }
            connection.Execute("PRAGMA user_version = 2;");
            const string article = """
                INSERT INTO articles (slug, category, source_path, content_hash, title, title_en, keywords, markdown, html, plain_text, updated)
                VALUES (@slug, 'cnn', @slug || '.md', 'h' || @slug, @title, NULL, '[]', '', '', @body, '2026-01-01T00:00:00Z')
                """;
            connection.Execute(article, new { slug = "bn", title = "批归一化", body = "训练时用小批量的均值。" });
            connection.Execute(article, new { slug = "heap", title = "其他", body = "用堆维护前 k 个。" });
            connection.Execute("""
                INSERT INTO search_index (rowid, title, keywords, body, hash)
                SELECT id, '', '', '', '1:' || content_hash FROM articles
                """);
        }

        Assert.Equal(Migrator.Scripts().Max(s => s.Version), Migrator.Migrate(db));
        using (var connection = db.Open())
        {
            Assert.Equal(0, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM search_index"));
            Assert.Equal(2, SearchIndexer.Sync(connection, null));
            // The index keeps no text since migration 004; the bigrams are there if a bigram phrase finds the title.
            Assert.Equal(1, connection.ExecuteScalar<long>("SELECT rowid FROM search_index WHERE search_index MATCH 'title_bi : \"批归 归一 一化\"'"));
            Assert.Equal(0, SearchIndexer.Sync(connection, null)); // up to date: nothing re-tokenized
        }

        var search = new SearchService(db, new SynonymProvider(Microsoft.Extensions.Logging.Abstractions.NullLogger<SynonymProvider>.Instance));
        Assert.Equal(["bn"], search.Search(search.Parse("归一化")).Results.Select(r => r.Slug));
        Assert.Equal(["bn"], search.Search(search.Parse("均值")).Results.Select(r => r.Slug));
        Assert.Equal(["heap"], search.Search(search.Parse("堆")).Results.Select(r => r.Slug));
        var snippet = search.Search(search.Parse("小批量")).Results.Single().Snippet;
        Assert.Equal("训练时用<mark>小批量</mark>的均值。", snippet);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
