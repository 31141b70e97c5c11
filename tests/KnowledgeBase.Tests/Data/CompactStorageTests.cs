using Dapper;
using KnowledgeBase.Articles;
using KnowledgeBase.Content;
using KnowledgeBase.Data;
using KnowledgeBase.Search;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Tests.Data;

/// <summary>
/// Migration 004 and <see cref="StoredText"/>: compressed article text, a search index without a copy of the text,
/// and a database made by migration 003 that keeps every article through the upgrade.
/// </summary>
public sealed class CompactStorageTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kb-tests", Guid.NewGuid().ToString("N"));

    public CompactStorageTests() => Directory.CreateDirectory(_dir);

    [Theory]
    [InlineData("")]
    [InlineData("短")]
    [InlineData("批归一化（Batch Normalization）在训练时用小批量的均值和方差做归一化，推理时用滑动平均。")]
    public void Text_round_trips(string text)
    {
        var long1 = string.Concat(Enumerable.Repeat(text + " $x_i$ <p>&amp;</p>\n", 40));
        Assert.Equal(text, StoredText.Unpack(StoredText.Pack(text)));
        Assert.Equal(long1, StoredText.Unpack(StoredText.Pack(long1)));
    }

    [Fact]
    public void An_articles_four_texts_share_one_blob_and_each_reads_back()
    {
        var markdown = string.Concat(Enumerable.Repeat("## 答案要点\n\n批归一化用小批量的均值和方差。\n\n", 30));
        var html = string.Concat(Enumerable.Repeat("<h2 id=\"答案要点\">答案要点</h2>\n<p>批归一化用小批量的均值和方差。</p>\n", 30));
        var plain = string.Concat(Enumerable.Repeat("答案要点 批归一化用小批量的均值和方差。 ", 30));
        var file = "---\ntitle: 批归一化\n---\n" + markdown;
        var packed = StoredText.PackArticle(markdown, html, plain, file);
        Assert.Equal(markdown, StoredText.Unpack("", packed, StoredText.Markdown));
        Assert.Equal(file, StoredText.Unpack(packed, null, StoredText.File));
        Assert.Equal(markdown, StoredText.Unpack(packed, packed, StoredText.Markdown));
        Assert.Equal(html, StoredText.Unpack("", packed, StoredText.Html));
        Assert.Equal(plain, StoredText.Unpack("", packed, StoredText.PlainText));
        Assert.Equal("", StoredText.Unpack("", "", StoredText.PlainText));
        // Older rows: text, or text packed on its own, in the column itself.
        Assert.Equal("<p>旧</p>", StoredText.Unpack("<p>旧</p>", packed, StoredText.Html));
        Assert.Equal(html, StoredText.Unpack(StoredText.Pack(html), "md", StoredText.Html));
        // Together they take less than the four packed apart.
        var apart = new[] { markdown, html, plain, file }.Sum(t => StoredText.Pack(t) is byte[] b ? b.Length : t.Length);
        Assert.True(packed.Length < apart, $"{packed.Length} >= {apart}");
    }

    [Fact]
    public void An_article_blob_of_three_texts_from_before_the_file_was_kept_still_reads_back()
    {
        var parts = new[] { "## 旧\n\n正文。\n", "<h2>旧</h2>\n<p>正文。</p>\n", "旧 正文。" }.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        var raw = new byte[12 + parts.Sum(p => p.Length)];
        var at = 12;
        for (var i = 0; i < 3; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(raw.AsSpan(4 * i), parts[i].Length);
            parts[i].CopyTo(raw, at);
            at += parts[i].Length;
        }
        var output = new byte[1 + System.IO.Compression.BrotliEncoder.GetMaxCompressedLength(raw.Length)];
        Assert.True(System.IO.Compression.BrotliEncoder.TryCompress(raw, output.AsSpan(1), out var written, 5, 22));
        var packed = output[..(1 + written)]; // format byte 0x00: three texts
        Assert.Equal("## 旧\n\n正文。\n", StoredText.Unpack("", packed, StoredText.Markdown));
        Assert.Equal("<h2>旧</h2>\n<p>正文。</p>\n", StoredText.Unpack(packed, packed, StoredText.Html));
        Assert.Equal("旧 正文。", StoredText.Unpack("", packed, StoredText.PlainText));
        Assert.Null(StoredText.Unpack(packed, null, StoredText.File));
    }

    [Fact]
    public void Long_text_is_stored_compressed_and_short_text_as_it_is()
    {
        var text = string.Concat(Enumerable.Repeat("卷积层的参数量等于 k×k×C_in×C_out 加偏置。", 50));
        var packed = Assert.IsType<byte[]>(StoredText.Pack(text));
        Assert.True(packed.Length * 4 < System.Text.Encoding.UTF8.GetByteCount(text), $"{packed.Length} bytes");
        Assert.Equal("短文本", Assert.IsType<string>(StoredText.Pack("短文本")));
        Assert.Null(StoredText.Unpack(DBNull.Value));
    }

    [Fact]
    public void A_database_made_by_migration_003_keeps_its_articles_and_is_compacted_by_the_next_import()
    {
        var db = new Db($"Data Source={Path.Combine(_dir, "kb.db")}");
        const string html = "<h2 id=\"答案要点\">答案要点</h2>\n<p>训练时用小批量的均值。</p>\n";
        using (var connection = db.Open())
        {
            // The database as migrations 001-003 and the importer of that time left it: text columns, an FTS copy.
            foreach (var (_, sql) in Migrator.Scripts().Where(s => s.Version <= 3)) { connection.Execute(sql); }
            connection.Execute("PRAGMA user_version = 3;");
            const string article = """
                INSERT INTO articles (slug, category, source_path, content_hash, title, title_en, keywords, markdown, html, plain_text, updated)
                VALUES (@slug, @category, @category || '/' || @slug || '.md', 'old', @title, NULL, '[]', @markdown, @html, @body, '2026-01-01T00:00:00Z')
                """;
            connection.Execute(article, new { slug = "bn", category = "normalization", title = "批归一化", markdown = "## 答案要点\n\n训练时用小批量的均值。\n", html, body = "答案要点\n训练时用小批量的均值。" });
            connection.Execute(article, new { slug = "heap", category = "algorithms", title = "前 k 大", markdown = "用堆。", html = "<p>用堆。</p>", body = "用堆维护前 k 个。" });
            connection.Execute("INSERT INTO article_tags (article_id, tag) VALUES (1, 'bn')");
            connection.Execute("""
                INSERT INTO search_index (rowid, title, keywords, body, title_bi, keywords_bi, body_bi, hash)
                SELECT id, title, '', plain_text, '', '', '', '2:old' FROM articles
                """);
        }

        Assert.Equal(Migrator.Scripts().Max(s => s.Version), Migrator.Migrate(db));
        var store = new ArticleStore(db);
        var bn = store.Get("bn");
        Assert.NotNull(bn);
        Assert.Equal(html, bn.Html);
        Assert.Equal("## 答案要点\n\n训练时用小批量的均值。\n", bn.Markdown);
        Assert.Equal(["bn"], bn.Tags);
        Assert.Equal(2, store.All(10, 0).Total);

        // Until the next import re-indexes them, the old rows are still searchable once synced.
        using (var connection = db.Open()) { Assert.Equal(2, SearchIndexer.Sync(connection, null)); }
        var search = new SearchService(db, new SynonymProvider(NullLogger<SynonymProvider>.Instance));
        var hit = Assert.Single(search.Search(search.Parse("均值")).Results);
        Assert.Equal("bn", hit.Slug);
        Assert.Contains("<mark>均值</mark>", hit.Snippet, StringComparison.Ordinal);

        // The files are imported again: every row is rewritten compressed (migration 004 cleared the hashes).
        var content = Path.Combine(_dir, "content");
        Directory.CreateDirectory(Path.Combine(content, "normalization"));
        Directory.CreateDirectory(Path.Combine(content, "algorithms"));
        var longBody = string.Concat(Enumerable.Repeat("批归一化在训练时用小批量的均值和方差，推理时用滑动平均的均值和方差。\n\n", 20));
        File.WriteAllText(Path.Combine(content, "normalization", "bn.md"), "---\ntitle: 批归一化\ntags: [bn]\n---\n## 答案要点\n\n" + longBody);
        File.WriteAllText(Path.Combine(content, "algorithms", "heap.md"), "---\ntitle: 前 k 大\n---\n用堆维护前 k 个。\n");
        var importer = new ContentImporter(db, new ArticleRenderer(), Options.Create(new ContentOptions()), NullLogger<ContentImporter>.Instance);
        var result = importer.Import(content);
        Assert.Equal((0, 2, 0, 0), (result.Added, result.Updated, result.Unchanged, result.Removed));
        using (var connection = db.Open())
        {
            // One BLOB holds the three texts; the other columns are empty.
            Assert.Equal("blob", connection.ExecuteScalar<string>("SELECT typeof(markdown) FROM articles WHERE slug = 'bn'"));
            Assert.Equal("", connection.ExecuteScalar<string>("SELECT html || plain_text FROM articles WHERE slug = 'bn'"));
            // No copy of the indexed text is kept: the index answers MATCH but has no text to return.
            Assert.Null(connection.ExecuteScalar<string>("SELECT body FROM search_index WHERE search_index MATCH '均'"));
        }
        Assert.Contains("推理时用滑动平均", store.Get("bn")!.Html, StringComparison.Ordinal);
        var again = Assert.Single(search.Search(search.Parse("滑动平均")).Results);
        Assert.Equal("bn", again.Slug);
        Assert.Contains("<mark>滑动平均</mark>", again.Snippet, StringComparison.Ordinal);
        Assert.Equal(["heap"], search.Search(search.Parse("堆")).Results.Select(r => r.Slug));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
