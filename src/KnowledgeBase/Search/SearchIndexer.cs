using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Search;

/// <summary>
/// Keeps the FTS5 tables <c>search_index</c> (migrations 002, 003) and <c>search_words</c> (005) in step with <c>articles</c>. The normalized
/// text is made in C# (NFKC, one token per Han character, plus CJK bigrams in the <c>*_bi</c> columns), which SQL triggers cannot call, so the
/// importer calls <see cref="Sync"/> inside its own transaction: the index and the articles commit
/// together. Rows carry the article's content hash plus <see cref="TextNormalizer.Version"/>, so only
/// changed articles are re-tokenized, and a new normalizer re-indexes everything once.
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
        var stale = connection.Query<(long Id, string Hash)>(currentSql, transaction: tx)
            .Where(a => !indexed.TryGetValue(a.Id, out var h) || h != Stamp(a.Hash))
            .Select(a => a.Id)
            .ToList();

        const string removeOrphansSql = "DELETE FROM search_index WHERE rowid NOT IN (SELECT id FROM articles)";
        var changed = connection.Execute(removeOrphansSql, transaction: tx);

        const string articleSql = """
            SELECT a.id AS Id, a.title AS Title, a.title_en AS TitleEn, a.keywords AS Keywords, a.plain_text AS PlainText,
                   a.content_hash AS Hash, COALESCE((SELECT group_concat(tag, ' ') FROM article_tags t WHERE t.article_id = a.id), '') AS Tags
            FROM articles a WHERE a.id IN (SELECT value FROM json_each(@ids))
            """;
        // COALESCE: for an untagged article the NULL has no type, and Dapper then cannot map the row (it reads it as byte[]).
        const string deleteSql = "DELETE FROM search_index WHERE rowid = @id";
        const string insertSql = """
            INSERT INTO search_index (rowid, title, keywords, body, title_bi, keywords_bi, body_bi, hash)
            VALUES (@Id, @Title, @Keywords, @Body, @TitleBi, @KeywordsBi, @BodyBi, @Hash)
            """;
        foreach (var batch in stale.Chunk(500))
        {
            var ids = JsonSerializer.Serialize(batch);
            foreach (var a in connection.Query<ArticleText>(articleSql, new { ids }, tx))
            {
                var keywords = JsonSerializer.Deserialize<List<string>>(a.Keywords) ?? [];
                var title = TextNormalizer.Tokenize(a.Title + " " + a.TitleEn);
                var keywordTokens = TextNormalizer.Tokenize(string.Join(" ", keywords) + " " + a.Tags);
                var body = TextNormalizer.Tokenize(a.PlainText);
                connection.Execute(deleteSql, new { id = a.Id }, tx);
                connection.Execute(insertSql, new
                {
                    a.Id,
                    Title = TextNormalizer.Words(title),
                    Keywords = TextNormalizer.Words(keywordTokens),
                    Body = TextNormalizer.Words(body),
                    TitleBi = TextNormalizer.BigramText(title),
                    KeywordsBi = TextNormalizer.BigramText(keywordTokens),
                    BodyBi = TextNormalizer.BigramText(body),
                    Hash = Stamp(a.Hash),
                }, tx);
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
            DELETE FROM search_words_rows WHERE id NOT IN (SELECT id FROM articles);
            """;
        var changed = connection.Execute(removeOrphansSql, transaction: tx);

        const string articleSql = """
            SELECT a.id AS Id, a.title AS Title, a.title_en AS TitleEn, a.keywords AS Keywords, a.plain_text AS PlainText,
                   a.content_hash AS Hash, COALESCE((SELECT group_concat(tag, ' , ') FROM article_tags t WHERE t.article_id = a.id), '') AS Tags
            FROM articles a WHERE a.id IN (SELECT value FROM json_each(@ids))
            """;
        const string deleteSql = "DELETE FROM search_words WHERE rowid = @id";
        const string insertSql = """
            INSERT INTO search_words (rowid, title, tags, keywords, body) VALUES (@Id, @Title, @Tags, @Keywords, @Body);
            INSERT INTO search_words_rows (id, hash) VALUES (@Id, @Hash) ON CONFLICT(id) DO UPDATE SET hash = excluded.hash;
            """;
        foreach (var batch in stale.Chunk(500))
        {
            foreach (var a in connection.Query<ArticleText>(articleSql, new { ids = JsonSerializer.Serialize(batch) }, tx))
            {
                var keywords = JsonSerializer.Deserialize<List<string>>(a.Keywords) ?? [];
                connection.Execute(deleteSql, new { id = a.Id }, tx);
                connection.Execute(insertSql, new
                {
                    a.Id,
                    Title = WordText(a.Title + " , " + a.TitleEn, synonyms),
                    Tags = WordText(a.Tags, synonyms),
                    Keywords = WordText(string.Join(" , ", keywords), synonyms),
                    Body = WordText(a.PlainText, synonyms),
                    Hash = dictionary + a.Hash,
                }, tx);
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
}
