using System.Text.Json;
using KnowledgeBase.Articles;
using KnowledgeBase.Data;
using KnowledgeBase.Search;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Content;

/// <summary>
/// Everything one article's row, tags and search entries need, computed without the database (rendering,
/// tokenizing, cutting words, compressing), so that many can be made in parallel while others are written.
/// </summary>
public sealed class PreparedArticle
{
    /// <param name="file">The whole text the article was made from (front matter + Markdown), kept with it for its revisions.</param>
    /// <param name="synonyms">The synonym groups whose tokens go into the word index.</param>
    public PreparedArticle(string slug, string category, string sourcePath, string contentHash, ArticleMeta meta,
        string markdown, RenderedArticle rendered, DateTimeOffset updated, string file, SynonymSet synonyms)
    {
        Slug = slug;
        Category = category;
        SourcePath = sourcePath;
        ContentHash = contentHash;
        Meta = meta;
        Updated = updated.ToUniversalTime().ToString("O");
        Text = StoredText.PackArticle(markdown, rendered.Html, rendered.PlainText, file);
        Toc = StoredText.Pack(JsonSerializer.Serialize(rendered.Toc));
        // Tokenized once for both indexes.
        var body = TextNormalizer.Tokenize(rendered.PlainText);
        Search = SearchDocument.Create(meta.Title ?? "", meta.TitleEn, meta.Keywords, meta.Tags, body);
        Words = WordDocument.Create(meta.Title ?? "", meta.TitleEn, meta.Keywords, meta.Tags, rendered.PlainText, body, contentHash, synonyms);
    }

    public string Slug { get; }
    public string Category { get; }
    public string SourcePath { get; }
    public string ContentHash { get; }
    public ArticleMeta Meta { get; }
    public string Updated { get; }
    /// <summary>Markdown, HTML, plain text and the file's text together, for the <c>markdown</c> column (see <see cref="StoredText"/>).</summary>
    internal byte[] Text { get; }
    internal object Toc { get; }
    internal SearchDocument Search { get; }
    internal WordDocument Words { get; }
}

/// <summary>
/// The one way an article is written: its row, its tags and its search entries together, inside the caller's
/// transaction, so the index never disagrees with the articles. The importer writes thousands through one
/// instance (prepared statements); an editor saving one article uses it the same way.
/// </summary>
public sealed class ArticleWriter : IDisposable
{
    private const string UpsertSql = """
        INSERT INTO articles (slug, category, source_path, content_hash, title, title_en, keywords, difficulty,
                              sort_order, markdown, html, toc, plain_text, updated)
        VALUES ($slug, $category, $source_path, $content_hash, $title, $title_en, $keywords, $difficulty,
                $sort_order, $markdown, $html, $toc, $plain_text, $updated)
        ON CONFLICT(source_path) DO UPDATE SET
            slug = excluded.slug, category = excluded.category, content_hash = excluded.content_hash,
            title = excluded.title, title_en = excluded.title_en, keywords = excluded.keywords,
            difficulty = excluded.difficulty, sort_order = excluded.sort_order, markdown = excluded.markdown,
            html = excluded.html, toc = excluded.toc, plain_text = excluded.plain_text, updated = excluded.updated
        RETURNING id;
        """;
    private const string DeleteTagsSql = "DELETE FROM article_tags WHERE article_id = $id";
    private const string InsertTagSql = "INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES ($id, $tag)";
    // The delete trigger (migration 004) removes the search row too.
    private const string DeleteSql = "DELETE FROM articles WHERE source_path = $source_path";

    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _deleteTags;
    private readonly SqliteCommand _insertTag;
    private readonly SqliteCommand _delete;
    private readonly SearchIndexer.Writer _search;

    public ArticleWriter(SqliteConnection connection, SqliteTransaction tx)
    {
        _upsert = connection.Prepare(tx, UpsertSql, "$slug", "$category", "$source_path", "$content_hash", "$title", "$title_en",
            "$keywords", "$difficulty", "$sort_order", "$markdown", "$html", "$toc", "$plain_text", "$updated");
        _deleteTags = connection.Prepare(tx, DeleteTagsSql, "$id");
        _insertTag = connection.Prepare(tx, InsertTagSql, "$id", "$tag");
        _delete = connection.Prepare(tx, DeleteSql, "$source_path");
        _search = new SearchIndexer.Writer(connection, tx);
    }

    /// <summary>Inserts or updates the article (keyed by its source path) with its tags and search entries; returns its id.</summary>
    public long Write(PreparedArticle a)
    {
        var id = WriteRow(a);
        WriteIndex(id, a);
        return id;
    }

    /// <summary>
    /// The article's row and tags only; its search entries are written by <see cref="WriteIndex"/>. For the importer,
    /// which writes the entries of many articles in one run: FTS5 writes the index entries it holds in memory out to
    /// the database at every savepoint, so a savepoint per article between them would store each article as a
    /// segment of its own, to be merged again and again.
    /// </summary>
    public long WriteRow(PreparedArticle a)
    {
        var meta = a.Meta;
        object?[] values =
        [
            a.Slug, a.Category, a.SourcePath, a.ContentHash, meta.Title, meta.TitleEn, JsonSerializer.Serialize(meta.Keywords),
            meta.Difficulty, meta.Order ?? 1000, a.Text, "", a.Toc, "", a.Updated,
        ];
        for (var i = 0; i < values.Length; i++) { _upsert.Parameters[i].Value = values[i] ?? DBNull.Value; }
        var id = (long)_upsert.ExecuteScalar()!;

        _deleteTags.Parameters[0].Value = id;
        _deleteTags.ExecuteNonQuery();
        _insertTag.Parameters[0].Value = id;
        foreach (var tag in meta.Tags)
        {
            _insertTag.Parameters[1].Value = tag;
            _insertTag.ExecuteNonQuery();
        }
        return id;
    }

    /// <summary>Replaces the search entries (substring and word index) of article <paramref name="id"/>, written by <see cref="WriteRow"/>.</summary>
    public void WriteIndex(long id, PreparedArticle a)
    {
        _search.Write(id, a.Search, a.ContentHash);
        _search.WriteWords(id, a.Words);
    }

    /// <summary>Deletes the article imported from <paramref name="sourcePath"/> (tags and search entry go with it); returns the rows removed.</summary>
    public int Delete(string sourcePath)
    {
        _delete.Parameters[0].Value = sourcePath;
        return _delete.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _upsert.Dispose();
        _deleteTags.Dispose();
        _insertTag.Dispose();
        _delete.Dispose();
        _search.Dispose();
    }
}
