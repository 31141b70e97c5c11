using System.Text.Json;
using Dapper;
using KnowledgeBase.Data;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Search;

/// <summary>The normalized text of one article for <c>search_index</c>, made without touching the database.</summary>
public sealed record SearchDocument(string Title, string Keywords, string Body, string TitleBi, string KeywordsBi, string BodyBi)
{
    /// <summary>NFKC, one token per Han character, plus CJK bigrams for the <c>*_bi</c> columns (see docs/search.md).</summary>
    public static SearchDocument Create(string title, string? titleEn, IEnumerable<string> keywords, IEnumerable<string> tags, string plainText) =>
        Create(title, titleEn, keywords, tags, TextNormalizer.Tokenize(plainText));

    /// <param name="body">The tokens of the article's plain text (<see cref="TextNormalizer.Tokenize"/>), only read.</param>
    internal static SearchDocument Create(string title, string? titleEn, IEnumerable<string> keywords, IEnumerable<string> tags, List<Token> body)
    {
        var titleTokens = TextNormalizer.Tokenize(title + " " + titleEn);
        var keywordTokens = TextNormalizer.Tokenize(string.Join(" ", keywords) + " " + string.Join(" ", tags));
        return new SearchDocument(
            TextNormalizer.Words(titleTokens), TextNormalizer.Words(keywordTokens), TextNormalizer.Words(body),
            TextNormalizer.BigramText(titleTokens), TextNormalizer.BigramText(keywordTokens), TextNormalizer.BigramText(body));
    }
}

/// <summary>
/// The words of one article for the word index (<c>search_words</c>: title, tags, keywords; <c>search_words_body</c>),
/// made without touching the database, so that the import cuts articles in parallel and writes them with the article.
/// <see cref="Hash"/> is the row's stamp: the dictionary it was cut with and the article's content hash.
/// </summary>
public sealed record WordDocument(string Title, string Tags, string Keywords, string Body, string Hash)
{
    /// <param name="tags">In any order: they are indexed in the order SQLite keeps them (see <see cref="SearchIndexer.SyncWords"/>).</param>
    public static WordDocument Create(string title, string? titleEn, IEnumerable<string> keywords, IEnumerable<string> tags, string plainText,
        string contentHash, SynonymSet synonyms) =>
        Create(title, titleEn, keywords, tags, plainText, TextNormalizer.Tokenize(plainText), contentHash, synonyms);

    /// <param name="body">The tokens of <paramref name="plainText"/> (<see cref="TextNormalizer.Tokenize"/>), only read: the import
    /// makes the article's <see cref="SearchDocument"/> of the same list.</param>
    internal static WordDocument Create(string title, string? titleEn, IEnumerable<string> keywords, IEnumerable<string> tags, string plainText,
        List<Token> body, string contentHash, SynonymSet synonyms)
    {
        // Read before cutting: if terms join the dictionary meanwhile, the row is marked older than it is and cut again.
        var dictionary = SearchIndexer.Dictionary(synonyms);
        return new WordDocument(
            SearchIndexer.WordText(title + " , " + titleEn, synonyms),
            SearchIndexer.WordText(string.Join(" , ", tags.Order(Utf8Order.Instance)), synonyms),
            SearchIndexer.WordText(string.Join(" , ", keywords), synonyms),
            SearchIndexer.WordText(WordSegmenter.Words(plainText, body, forIndex: true), synonyms),
            dictionary + contentHash);
    }

    /// <summary>SQLite's BINARY collation: UTF-8 bytes compared as unsigned numbers.</summary>
    private sealed class Utf8Order : IComparer<string>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(string? x, string? y) =>
            System.Text.Encoding.UTF8.GetBytes(x ?? "").AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(y ?? ""));
    }
}

/// <summary>
/// Keeps the FTS5 tables <c>search_index</c> (contentless since migration 004) and <c>search_words</c> (005) in
/// step with <c>articles</c>. The normalized text is made in C#, which SQL triggers cannot call, so
/// rows of both are written by the importer's <c>ArticleWriter</c> together with the article, through
/// <see cref="Writer"/> (the importer puts every article's terms into the segmenter's dictionary before it cuts
/// any); <see cref="Sync"/> catches up on whatever is stale: rows from before a rule change, articles the import
/// kept, a dictionary that changed since. Rows carry the article's content hash plus a version of the rules that
/// made them, so a rule change re-indexes everything once.
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
    /// The terms of the articles in the database for the segmenter's dictionary (titles, keywords, tags), except
    /// those of the articles at <paramref name="excludedPaths"/> (source paths; the import is about to replace them).
    /// </summary>
    public static IEnumerable<string> Terms(SqliteConnection connection, SqliteTransaction? tx, IEnumerable<string>? excludedPaths = null)
    {
        const string termsSql = """
            WITH kept AS (SELECT id, title, keywords FROM articles WHERE source_path NOT IN (SELECT value FROM json_each(@excluded)))
            SELECT title FROM kept
            UNION SELECT value FROM kept, json_each(kept.keywords)
            UNION SELECT tag FROM article_tags WHERE article_id IN (SELECT id FROM kept)
            """;
        return connection.Query<string>(termsSql, new { excluded = JsonSerializer.Serialize(excludedPaths ?? []) }, tx);
    }

    /// <summary>The first part of a word-index row's stamp: how words are made, the segmenter's dictionary and the synonyms.</summary>
    internal static string Dictionary(SynonymSet synonyms) => WordsVersion + ":" + WordSegmenter.Stamp + ":" + synonyms.Stamp + ":";

    /// <summary>
    /// The word index. First the wiki's own terms (titles, tags, keywords) go into the segmenter's dictionary,
    /// so that the articles and later the queries are cut with them; a row is current when its stamp names
    /// this dictionary and the article's content hash.
    /// </summary>
    private static int SyncWords(SqliteConnection connection, SqliteTransaction? tx, SynonymSet synonyms)
    {
        WordSegmenter.AddTerms(Terms(connection, tx));
        var dictionary = Dictionary(synonyms);

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

        // Tags in SQLite's order (BINARY), the order WordDocument.Create puts them in.
        const string articleSql = """
            SELECT a.id AS Id, a.title AS Title, a.title_en AS TitleEn, a.keywords AS Keywords, unpack(a.plain_text, a.markdown, 2) AS PlainText,
                   a.content_hash AS Hash, (SELECT json_group_array(tag) FROM (SELECT tag FROM article_tags t WHERE t.article_id = a.id ORDER BY tag)) AS Tags
            FROM articles a WHERE a.id IN (SELECT value FROM json_each(@ids))
            """;
        using var writer = new Writer(connection, tx);
        foreach (var batch in stale.Chunk(500))
        {
            var rows = connection.Query<ArticleText>(articleSql, new { ids = JsonSerializer.Serialize(batch) }, tx).ToList();
            // Cutting is the expensive part: in parallel (the segmenter allows concurrent readers), outside the writes.
            var documents = rows.AsParallel().AsOrdered().Select(a => WordDocument.Create(a.Title, a.TitleEn,
                JsonSerializer.Deserialize<List<string>>(a.Keywords) ?? [], JsonSerializer.Deserialize<List<string>>(a.Tags ?? "[]") ?? [],
                a.PlainText, a.Hash, synonyms)).ToList();
            for (var i = 0; i < rows.Count; i++)
            {
                writer.WriteWords(rows[i].Id, documents[i]);
                changed++;
            }
        }
        return changed;
    }

    /// <summary>
    /// The text of a word-index column: the words, then the synonym group tokens, space-joined (all unicode61
    /// needs to split them back).
    /// </summary>
    internal static string WordText(string? text, SynonymSet synonyms) => WordText(WordSegmenter.Words(text, forIndex: true), synonyms);

    internal static string WordText(List<Token> tokens, SynonymSet synonyms)
    {
        var words = new string[tokens.Count];
        for (var i = 0; i < words.Length; i++) { words[i] = tokens[i].Text; }
        List<string>? groups = null;
        foreach (var group in synonyms.GroupTokens(words)) { (groups ??= []).Add(group); }
        if (groups is null) { return string.Join(' ', words); }
        var all = new string[words.Length + groups.Count];
        words.CopyTo(all, 0);
        groups.CopyTo(all, words.Length);
        return string.Join(' ', all);
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
        // search_words_rows says whether the article has word rows: a new article's id has none to delete.
        private const string WordsRowSql = "SELECT hash FROM search_words_rows WHERE id = $id";
        private const string DeleteWordsSql = "DELETE FROM search_words WHERE rowid = $id";
        private const string DeleteWordsBodySql = "DELETE FROM search_words_body WHERE rowid = $id";
        private const string InsertWordsSql = "INSERT INTO search_words (rowid, title, tags, keywords) VALUES ($id, $title, $tags, $keywords)";
        private const string InsertWordsBodySql = "INSERT INTO search_words_body (rowid, body) VALUES ($id, $body)";
        private const string WordsStampSql = "INSERT INTO search_words_rows (id, hash) VALUES ($id, $hash) ON CONFLICT(id) DO UPDATE SET hash = excluded.hash";

        private readonly SqliteCommand _delete;
        private readonly SqliteCommand _insert;
        private readonly SqliteCommand _wordsRow;
        private readonly SqliteCommand _deleteWords;
        private readonly SqliteCommand _deleteWordsBody;
        private readonly SqliteCommand _insertWords;
        private readonly SqliteCommand _insertWordsBody;
        private readonly SqliteCommand _wordsStamp;

        public Writer(SqliteConnection connection, SqliteTransaction? tx)
        {
            _delete = connection.Prepare(tx, DeleteSql, "$id");
            _insert = connection.Prepare(tx, InsertSql, "$id", "$title", "$keywords", "$body", "$title_bi", "$keywords_bi", "$body_bi", "$hash");
            _wordsRow = connection.Prepare(tx, WordsRowSql, "$id");
            _deleteWords = connection.Prepare(tx, DeleteWordsSql, "$id");
            _deleteWordsBody = connection.Prepare(tx, DeleteWordsBodySql, "$id");
            _insertWords = connection.Prepare(tx, InsertWordsSql, "$id", "$title", "$tags", "$keywords");
            _insertWordsBody = connection.Prepare(tx, InsertWordsBodySql, "$id", "$body");
            _wordsStamp = connection.Prepare(tx, WordsStampSql, "$id", "$hash");
        }

        /// <summary>Replaces the word-index rows of article <paramref name="id"/>.</summary>
        public void WriteWords(long id, WordDocument document)
        {
            _wordsRow.Parameters[0].Value = id;
            if (_wordsRow.ExecuteScalar() is not null)
            {
                _deleteWords.Parameters[0].Value = id;
                _deleteWords.ExecuteNonQuery();
                _deleteWordsBody.Parameters[0].Value = id;
                _deleteWordsBody.ExecuteNonQuery();
            }
            var p = _insertWords.Parameters;
            p[0].Value = id;
            p[1].Value = document.Title;
            p[2].Value = document.Tags;
            p[3].Value = document.Keywords;
            _insertWords.ExecuteNonQuery();
            _insertWordsBody.Parameters[0].Value = id;
            _insertWordsBody.Parameters[1].Value = document.Body;
            _insertWordsBody.ExecuteNonQuery();
            _wordsStamp.Parameters[0].Value = id;
            _wordsStamp.Parameters[1].Value = document.Hash;
            _wordsStamp.ExecuteNonQuery();
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
            _wordsRow.Dispose();
            _deleteWords.Dispose();
            _deleteWordsBody.Dispose();
            _insertWords.Dispose();
            _insertWordsBody.Dispose();
            _wordsStamp.Dispose();
        }
    }
}
