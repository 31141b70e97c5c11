using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using KnowledgeBase.Articles;
using KnowledgeBase.Common;
using KnowledgeBase.Data;
using KnowledgeBase.Search;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Content;

public sealed record ImportResult(int Added, int Updated, int Unchanged, int Removed, IReadOnlyList<string> Skipped)
{
    public bool Changed => Added + Updated + Removed > 0;
}

public sealed class CategoryEntry
{
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public string? NameEn { get; set; }
    public string? Description { get; set; }
    public int Order { get; set; } = 1000;
}

/// <summary>
/// Imports <c>content/</c> into SQLite. Incremental by content hash: unchanged files are not parsed,
/// changed ones are re-rendered, removed ones deleted. A malformed file is skipped with a warning
/// naming file and line; if an earlier good version was imported it stays (no data lost).
/// </summary>
public sealed class ContentImporter(Db db, ArticleRenderer renderer, ILogger<ContentImporter> logger)
{
    public ImportResult Import(string contentPath)
    {
        if (!Directory.Exists(contentPath))
        {
            logger.LogWarning("Content folder {ContentPath} does not exist; nothing imported", contentPath);
            return new ImportResult(0, 0, 0, 0, []);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var categories = ReadCategories(contentPath);
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();

        const string existingSql = "SELECT source_path AS SourcePath, content_hash AS ContentHash, slug AS Slug FROM articles";
        var existing = connection.Query<(string SourcePath, string ContentHash, string Slug)>(existingSql, transaction: tx)
            .ToDictionary(r => r.SourcePath, StringComparer.Ordinal);

        int added = 0, updated = 0, unchanged = 0;
        var skipped = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var slugs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        foreach (var file in EnumerateArticles(contentPath))
        {
            var category = Path.GetFileName(Path.GetDirectoryName(file))!;
            var relative = Path.GetRelativePath(contentPath, file).Replace('\\', '/');
            var slug = Path.GetFileNameWithoutExtension(file);
            seen.Add(relative);
            if (slugs.TryGetValue(slug, out var other))
            {
                logger.LogWarning("Skipped {File}:1: slug '{Slug}' is already used by {Other}", relative, slug, other);
                skipped.Add(relative);
                continue;
            }
            slugs[slug] = relative;

            var bytes = File.ReadAllBytes(file);
            var hash = Hash(bytes);
            if (existing.TryGetValue(relative, out var row) && row.ContentHash == hash)
            {
                unchanged++;
                continue;
            }

            ParsedArticle parsed;
            try
            {
                parsed = FrontMatter.Parse(FrontMatter.DecodeUtf8(bytes));
            }
            catch (ContentException ex)
            {
                logger.LogWarning("Skipped {File}:{Line}: {Message}", relative, ex.Line, ex.Message);
                skipped.Add(relative);
                continue;
            }

            var rendered = renderer.Render(parsed.Body, category);
            var meta = parsed.Meta;
            var updatedAt = (meta.Updated ?? new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero)).ToUniversalTime();
            const string upsertSql = """
                INSERT INTO articles (slug, category, source_path, content_hash, title, title_en, keywords, difficulty,
                                      sort_order, markdown, html, toc, plain_text, updated)
                VALUES (@Slug, @Category, @SourcePath, @ContentHash, @Title, @TitleEn, @Keywords, @Difficulty,
                        @SortOrder, @Markdown, @Html, @Toc, @PlainText, @Updated)
                ON CONFLICT(source_path) DO UPDATE SET
                    slug = excluded.slug, category = excluded.category, content_hash = excluded.content_hash,
                    title = excluded.title, title_en = excluded.title_en, keywords = excluded.keywords,
                    difficulty = excluded.difficulty, sort_order = excluded.sort_order, markdown = excluded.markdown,
                    html = excluded.html, toc = excluded.toc, plain_text = excluded.plain_text, updated = excluded.updated
                RETURNING id;
                """;
            try
            {
                var id = connection.ExecuteScalar<long>(upsertSql, new
                {
                    Slug = slug,
                    Category = category,
                    SourcePath = relative,
                    ContentHash = hash,
                    meta.Title,
                    meta.TitleEn,
                    Keywords = JsonSerializer.Serialize(meta.Keywords),
                    meta.Difficulty,
                    SortOrder = meta.Order ?? 1000,
                    Markdown = parsed.Body,
                    rendered.Html,
                    Toc = JsonSerializer.Serialize(rendered.Toc),
                    rendered.PlainText,
                    Updated = updatedAt.ToString("O"),
                }, tx);
                const string deleteTagsSql = "DELETE FROM article_tags WHERE article_id = @id";
                connection.Execute(deleteTagsSql, new { id }, tx);
                const string insertTagSql = "INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (@id, @tag)";
                connection.Execute(insertTagSql, meta.Tags.Select(tag => new { id, tag }), tx);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 19) // constraint: slug moved between folders
            {
                logger.LogWarning("Skipped {File}:1: {Message}", relative, ex.Message);
                skipped.Add(relative);
                continue;
            }
            if (existing.ContainsKey(relative)) { updated++; } else { added++; }
        }

        var removed = 0;
        foreach (var gone in existing.Keys.Where(k => !seen.Contains(k)))
        {
            const string deleteSql = "DELETE FROM articles WHERE source_path = @gone";
            removed += connection.Execute(deleteSql, new { gone }, tx);
        }

        SaveCategories(connection, tx, categories);
        // Same transaction: the search index never disagrees with the articles.
        SearchIndexer.Sync(connection, tx);
        tx.Commit();

        var result = new ImportResult(added, updated, unchanged, removed, skipped);
        logger.LogInformation("Imported {ContentPath}: {Added} added, {Updated} updated, {Unchanged} unchanged, {Removed} removed, {Skipped} skipped in {Elapsed:F0} ms",
            contentPath, added, updated, unchanged, removed, skipped.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    internal static IEnumerable<string> EnumerateArticles(string contentPath) =>
        Directory.EnumerateDirectories(contentPath)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .SelectMany(d => Directory.EnumerateFiles(d, "*.md"))
            .Order(StringComparer.Ordinal);

    private static string Hash(byte[] bytes)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(ArticleRenderer.Version + "\n"));
        sha.AppendData(bytes);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private List<CategoryEntry> ReadCategories(string contentPath)
    {
        var file = Path.Combine(contentPath, "categories.yml");
        if (!File.Exists(file)) { return []; }
        try
        {
            var list = Yaml.Deserialize<List<CategoryEntry>?>(FrontMatter.DecodeUtf8(File.ReadAllBytes(file))) ?? [];
            return list.Where(c => !string.IsNullOrWhiteSpace(c.Slug)).ToList();
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or ContentException)
        {
            var line = ex switch { YamlDotNet.Core.YamlException y => (int)y.Start.Line, ContentException c => c.Line, _ => 1 };
            logger.LogWarning("Ignored categories.yml:{Line}: {Message}", line, ex.Message);
            return [];
        }
    }

    /// <summary>The text of synonyms.yml for the search side, or null when there is none or it cannot be read (logged).</summary>
    public string? ReadSynonyms(string contentPath)
    {
        var file = Path.Combine(contentPath, SynonymProvider.FileName);
        if (!File.Exists(file)) { return null; }
        try
        {
            return FrontMatter.DecodeUtf8(File.ReadAllBytes(file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ContentException)
        {
            var line = ex is ContentException c ? c.Line : 1;
            logger.LogWarning("Ignored {File}:{Line}: {Message}", SynonymProvider.FileName, line, ex.Message);
            return null;
        }
    }

    /// <summary>Categories come from categories.yml, plus any folder that holds articles (named after the folder).</summary>
    private static void SaveCategories(SqliteConnection connection, SqliteTransaction tx, List<CategoryEntry> categories)
    {
        connection.Execute("DELETE FROM categories", transaction: tx);
        const string insertSql = """
            INSERT OR IGNORE INTO categories (slug, name, name_en, description, sort_order)
            VALUES (@Slug, @Name, @NameEn, @Description, @Order)
            """;
        connection.Execute(insertSql, categories.Select(c => new
        {
            c.Slug,
            Name = string.IsNullOrWhiteSpace(c.Name) ? c.Slug : c.Name,
            c.NameEn,
            c.Description,
            c.Order,
        }), tx);
        const string foldersSql = """
            INSERT OR IGNORE INTO categories (slug, name, sort_order)
            SELECT DISTINCT category, category, 10000 FROM articles
            """;
        connection.Execute(foldersSql, transaction: tx);
    }
}
