using System.Text.Json;
using Dapper;
using KnowledgeBase.Data;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Search;

/// <summary>The normalized text of one article for <c>search_index</c>, made without touching the database.</summary>
public sealed record SearchDocument(string Title, string Keywords, string Body, string TitleBi, string KeywordsBi, string BodyBi)
{
    /// <summary>NFKC, one token per Han character, plus CJK bigrams for the <c>*_bi</c> columns (see docs/search.md).</summary>
    public static SearchDocument Create(string title, string? titleEn, IEnumerable<string> keywords, IEnumerable<string> tags, string plainText)
    {
        var titleTokens = TextNormalizer.Tokenize(title + " " + titleEn);
        var keywordTokens = TextNormalizer.Tokenize(string.Join(" ", keywords) + " " + string.Join(" ", tags));
        var body = TextNormalizer.Tokenize(plainText);
        return new SearchDocument(
            TextNormalizer.Words(titleTokens), TextNormalizer.Words(keywordTokens), TextNormalizer.Words(body),
            TextNormalizer.BigramText(titleTokens), TextNormalizer.BigramText(keywordTokens), TextNormalizer.BigramText(body));
    }
}

/// <summary>
/// Keeps the FTS5 tables <c>search_index</c> (contentless since migration 004) and <c>search_words</c> (005) in
/// step with <c>articles</c>. The normalized text is made in C#, which SQL triggers cannot call, so
/// <c>search_index</c> rows are written by the importer's <c>ArticleWriter</c> together with the article, through
/// <see cref="Writer"/>; <see cref="Sync"/> catches up on whatever is stale and then brings the word index up to
/// date (it needs every article's terms in the segmenter's dictionary before it cuts any article). Rows carry
/// the article's content hash plus a version of the rules that made them, so a rule change re-indexes everything once.
/// </summary>
public static class SearchIndexer
{
    /// <param name="synonyms">The synonym groups whose tokens go into the word index (see <see cref="SynonymSet.GroupToken"/>).</param>
    public static int Sync(SqliteConnection connection, SqliteTransaction? tx, SynonymSet? synonyms = null)
    {
        var changed = SyncSubstrings(connection, tx);
        SyncWords(connection, tx, synonyms ?? SynonymSet.Empty);
        return changed;
    }

    private static int SyncSubstrings(SqliteConnection connection, SqliteTransaction? tx)
    {
        const string indexedSql = "SELECT rowid AS Id, hash AS Hash FROM search_index";
        var indexed = connection.Query<(long Id, string? Hash)>(indexedSql, transaction: tx).ToDictionary(r => r.Id, r => r.Hash);

        const string currentSql = "SELECT id AS Id, content_hash AS Hash FROM articles";
        var current = connection.Query<(long Id, string Hash)>(currentSql, transaction: tx).ToList();
        var stale = current.Where(a => !indexed.TryGetValue(a.Id, out var h) || h != Stamp(a.Hash)).Select(a => a.Id).ToList();

        var live = current.Select(a => a.Id).ToHashSet();
        var changed = 0;
        using var writer = new Writer(connection, tx);
        foreach (var orphan in indexed.Keys.Where(id => !live.Contains(id)))
        {
            writer.Delete(orphan);
            changed++;
        }

        const string articleSql = """
            SELECT a.id AS Id, a.title AS Title, a.title_en AS TitleEn, a.keywords AS Keywords, unpack(a.plain_text, a.markdown, 2) AS PlainText,
                   a.content_hash AS Hash, COALESCE((SELECT group_concat(tag, ' ') FROM article_tags t WHERE t.article_id = a.id), '') AS Tags
            FROM articles a WHERE a.id IN (SELECT value FROM json_each(@ids))
            """;
        // COALESCE: for an untagged article the NULL has no type, and Dapper then cannot map the row (it reads it as byte[]).
        foreach (var batch in stale.Chunk(500))
        {
            var rows = connection.Query<ArticleText>(articleSql, new { ids = JsonSerializer.Serialize(batch) }, tx).ToList();
            // Tokenizing is the expensive part (a normalizer change re-indexes every article): in parallel, outside the writes.
            var documents = rows.AsParallel().AsOrdered()
                .Select(a => SearchDocument.Create(a.Title, a.TitleEn, JsonSerializer.Deserialize<List<string>>(a.Keywords) ?? [], [a.Tags ?? ""], a.PlainText))
                .ToList();
            for (var i = 0; i < rows.Count; i++)
            {
                writer.Write(rows[i].Id, documents[i], rows[i].Hash);
                changed++;
            }
        }
        return changed;
    }

    private static string Stamp(string contentHash) => TextNormalizer.Version + ":" + contentHash;

    /// <summary>Part of each word-index row's stamp: changing how words are made re-indexes every article once.</summary>
    public const string WordsVersion = "1";

    /// <summary>
    /// The word index. First the wiki's own terms (titles, tags, keywords) go into the segmenter's dictionary,
    /// so that the articles and later the queries are cut with them; a row is current when its stamp names
    /// this dictionary and the article's content hash.
    /// </summary>
    private static int SyncWords(SqliteConnection connection, SqliteTransaction? tx, SynonymSet synonyms)
    {
        const string termsSql = """
            SELECT title FROM articles
            UNION SELECT value FROM articles, json_each(articles.keywords)
            UNION SELECT tag FROM article_tags
            """;
        WordSegmenter.AddTerms(connection.Query<string>(termsSql, transaction: tx));
        var dictionary = WordsVersion + ":" + WordSegmenter.Stamp + ":" + synonyms.Stamp + ":";

        const string staleSql = """
            SELECT a.id FROM articles a LEFT JOIN search_words_rows r ON r.id = a.id
            WHERE r.hash IS NULL OR r.hash <> @dictionary || a.content_hash
            """;
        var stale = connection.Query<long>(staleSql, new { dictionary }, tx).ToList();
        const string removeOrphansSql = """
            DELETE FROM search_words WHERE rowid IN (SELECT id FROM search_words_rows WHERE id NOT IN (SELECT id FROM articles));
            DELETE FROM search_words_body WHERE rowid IN (SELECT id FROM search_words_rows WHERE id NOT IN (SELECT id FROM articles));
            DELETE FROM search_words_rows WHERE id NOT IN (SELECT id FROM articles);
            """;
        var changed = connection.Execute(removeOrphansSql, transaction: tx);

        const string articleSql = """
            SELECT a.id AS Id, a.title AS Title, a.title_en AS TitleEn, a.keywords AS Keywords, unpack(a.plain_text, a.markdown, 2) AS PlainText,
                   a.content_hash AS Hash, COALESCE((SELECT group_concat(tag, ' , ') FROM article_tags t WHERE t.article_id = a.id), '') AS Tags
            FROM articles a WHERE a.id IN (SELECT value FROM json_each(@ids))
            """;
        const string deleteSql = "DELETE FROM search_words WHERE rowid = @id; DELETE FROM search_words_body WHERE rowid = @id;";
        const string insertSql = """
            INSERT INTO search_words (rowid, title, tags, keywords) VALUES (@Id, @Title, @Tags, @Keywords);
            INSERT INTO search_words_body (rowid, body) VALUES (@Id, @Body);
            INSERT INTO search_words_rows (id, hash) VALUES (@Id, @Hash) ON CONFLICT(id) DO UPDATE SET hash = excluded.hash;
            """;
        foreach (var batch in stale.Chunk(500))
        {
            var rows = connection.Query<ArticleText>(articleSql, new { ids = JsonSerializer.Serialize(batch) }, tx).ToList();
            // Cutting is the expensive part: in parallel (the segmenter allows concurrent readers), outside the writes.
            var documents = rows.AsParallel().AsOrdered().Select(a => new
            {
                a.Id,
                Title = WordText(a.Title + " , " + a.TitleEn, synonyms),
                Tags = WordText(a.Tags, synonyms),
                Keywords = WordText(string.Join(" , ", JsonSerializer.Deserialize<List<string>>(a.Keywords) ?? []), synonyms),
                Body = WordText(a.PlainText, synonyms),
                Hash = dictionary + a.Hash,
            }).ToList();
            foreach (var document in documents)
            {
                connection.Execute(deleteSql, new { id = document.Id }, tx);
                connection.Execute(insertSql, document, tx);
                changed++;
            }
        }
        return changed;
    }

    /// <summary>
    /// The text of a word-index column: the words, then the synonym group tokens, space-joined (all unicode61
    /// needs to split them back).
    /// </summary>
    internal static string WordText(string? text, SynonymSet synonyms)
    {
        var words = WordSegmenter.Words(text, forIndex: true).Select(w => w.Text).ToList();
        return string.Join(' ', words.Concat(synonyms.GroupTokens(words)));
    }

    private sealed record ArticleText(long Id, string Title, string? TitleEn, string Keywords, string PlainText, string Hash, string? Tags);

    /// <summary>Prepared statements that replace or delete index rows; for many rows in one transaction.</summary>
    public sealed class Writer : IDisposable
    {
        private const string DeleteSql = "DELETE FROM search_index WHERE rowid = $id";
        private const string InsertSql = """
            INSERT INTO search_index (rowid, title, keywords, body, title_bi, keywords_bi, body_bi, hash)
            VALUES ($id, $title, $keywords, $body, $title_bi, $keywords_bi, $body_bi, $hash)
            """;

        private readonly SqliteCommand _delete;
        private readonly SqliteCommand _insert;

        public Writer(SqliteConnection connection, SqliteTransaction? tx)
        {
            _delete = connection.Prepare(tx, DeleteSql, "$id");
            _insert = connection.Prepare(tx, InsertSql, "$id", "$title", "$keywords", "$body", "$title_bi", "$keywords_bi", "$body_bi", "$hash");
        }

        /// <summary>Replaces the index row of article <paramref name="id"/>.</summary>
        public void Write(long id, SearchDocument document, string contentHash)
        {
            Delete(id);
            var p = _insert.Parameters;
            p[0].Value = id;
            p[1].Value = document.Title;
            p[2].Value = document.Keywords;
            p[3].Value = document.Body;
            p[4].Value = document.TitleBi;
            p[5].Value = document.KeywordsBi;
            p[6].Value = document.BodyBi;
            p[7].Value = Stamp(contentHash);
            _insert.ExecuteNonQuery();
        }

        public void Delete(long id)
        {
            _delete.Parameters[0].Value = id;
            _delete.ExecuteNonQuery();
        }

        public void Dispose()
        {
            _delete.Dispose();
            _insert.Dispose();
        }
    }
}
