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
/// Keeps the FTS5 table <c>search_index</c> (contentless since migration 004) in step with <c>articles</c>. The
/// normalized text is made in C#, which SQL triggers cannot call, so rows are written by the importer's
/// <c>ArticleWriter</c> together with the article, through <see cref="Writer"/>; <see cref="Sync"/> catches up on
/// whatever is stale. Rows carry the article's content hash plus <see cref="TextNormalizer.Version"/>, so a new
/// normalizer re-indexes everything once.
/// </summary>
public static class SearchIndexer
{
    public static int Sync(SqliteConnection connection, SqliteTransaction? tx)
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
