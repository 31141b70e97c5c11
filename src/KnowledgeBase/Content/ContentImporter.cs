using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using KnowledgeBase.Articles;
using KnowledgeBase.Common;
using KnowledgeBase.Data;
using KnowledgeBase.Search;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Content;

public sealed record ImportResult(int Added, int Updated, int Unchanged, int Removed, IReadOnlyList<string> Skipped, bool CategoriesChanged = false)
{
    public bool Changed => Added + Updated + Removed > 0 || CategoriesChanged;
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
/// changed ones are re-rendered, removed ones deleted. Every file is untrusted: one that is malformed,
/// exceeds a bound in <see cref="ContentOptions"/>, links outside the folder or fails in any other way is
/// skipped with a warning naming file and line, and its earlier good version stays (no data lost).
/// </summary>
public sealed class ContentImporter(Db db, ArticleRenderer renderer, IOptions<ContentOptions> options, ILogger<ContentImporter> logger,
    IImportGuard? guard = null)
{
    private enum Outcome { Added, Updated, Unchanged, Conflict }

    private readonly IImportGuard _guard = guard ?? new FilesOnlyGuard();

    public ImportResult Import(string contentPath)
    {
        if (!Directory.Exists(contentPath))
        {
            logger.LogWarning("Content folder {ContentPath} does not exist; nothing imported", contentPath);
            return new ImportResult(0, 0, 0, 0, []);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var folder = new ContentFolder(contentPath);
        var categories = ReadCategories(folder);
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();

        const string existingSql = "SELECT source_path AS SourcePath, content_hash AS ContentHash, slug AS Slug FROM articles";
        var existing = connection.Query<(string SourcePath, string ContentHash, string Slug)>(existingSql, transaction: tx)
            .ToDictionary(r => r.SourcePath, StringComparer.Ordinal);

        int added = 0, updated = 0, unchanged = 0;
        var skipped = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var slugs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        void Skip(string relative, int line, string reason)
        {
            logger.LogWarning("Skipped {File}:{Line}: {Message}", relative, line, reason);
            skipped.Add(relative);
        }

        foreach (var file in EnumerateArticles(contentPath))
        {
            var relative = Path.GetRelativePath(contentPath, file).Replace('\\', '/');
            if (!folder.Contains(file))
            {
                // Not marked as seen: an earlier import of what the link pointed to is removed, not kept.
                Skip(relative, 1, "symbolic link to a file outside the content folder; not followed");
                continue;
            }
            var slug = Path.GetFileNameWithoutExtension(file);
            seen.Add(relative);
            if (slugs.TryGetValue(slug, out var other))
            {
                Skip(relative, 1, $"slug '{slug}' is already used by {other}");
                continue;
            }
            slugs[slug] = relative;

            // A savepoint per file: a failure half-way through one file's rows undoes only that file.
            tx.Save("article");
            try
            {
                var outcome = ImportFile(connection, tx, file, relative, slug, existing.TryGetValue(relative, out var row) ? row.ContentHash : null);
                tx.Release("article");
                switch (outcome)
                {
                    case Outcome.Added: added++; break;
                    case Outcome.Updated: updated++; break;
                    case Outcome.Conflict:
                        logger.LogWarning("Kept the browser's version of {Slug}; {File} changed too and is stored as a conflict revision", slug, relative);
                        unchanged++;
                        break;
                    default: unchanged++; break;
                }
            }
            catch (Exception ex)
            {
                tx.Rollback("article");
                tx.Release("article");
                switch (ex)
                {
                    case ContentException c: Skip(relative, c.Line, c.Message); break;
                    case RenderException r: Skip(relative, r.Line, r.Message); break;
                    default:
                        // Unexpected, so with the stack trace; still only this file is lost.
                        logger.LogWarning(ex, "Skipped {File}:{Line}: {Message}", relative, 1, ex.Message);
                        skipped.Add(relative);
                        break;
                }
            }
        }

        var removed = 0;
        foreach (var (gone, row) in existing.Where(e => !seen.Contains(e.Key)))
        {
            if (!_guard.KeepWithoutFile(connection, tx, row.Slug))
            {
                removed += Remove(connection, tx, gone);
            }
        }

        // Categories alone can change (a renamed category in categories.yml): that must evict cached pages too.
        const string categoriesSql = """
            SELECT json_group_array(json_array(slug, name, name_en, description, sort_order))
            FROM (SELECT * FROM categories ORDER BY slug)
            """;
        var categoriesBefore = connection.ExecuteScalar<string>(categoriesSql, transaction: tx);
        SaveCategories(connection, tx, _guard.CategoriesEdited(connection, tx) ? null : categories);
        var categoriesChanged = categoriesBefore != connection.ExecuteScalar<string>(categoriesSql, transaction: tx);
        // Same transaction: the search index never disagrees with the articles.
        SearchIndexer.Sync(connection, tx);
        tx.Commit();

        var result = new ImportResult(added, updated, unchanged, removed, skipped, categoriesChanged);
        logger.LogInformation("Imported {ContentPath}: {Added} added, {Updated} updated, {Unchanged} unchanged, {Removed} removed, {Skipped} skipped in {Elapsed:F0} ms",
            contentPath, added, updated, unchanged, removed, skipped.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    /// <exception cref="ContentException">The file is too large, not UTF-8 text or has bad front matter.</exception>
    /// <exception cref="RenderException">The Markdown exceeds a bound.</exception>
    private Outcome ImportFile(SqliteConnection connection, SqliteTransaction tx, string file, string relative, string slug, string? existingHash)
    {
        var limits = options.Value;
        // Checked before reading (a huge file is never loaded) and after (it may have grown in between).
        CheckSize(new FileInfo(file).Length, limits.MaxFileBytes);
        var bytes = File.ReadAllBytes(file);
        CheckSize(bytes.Length, limits.MaxFileBytes);
        var hash = Hash(bytes);
        var verdict = _guard.Decide(connection, tx, slug, hash, unchanged: existingHash == hash);
        if (verdict == ImportVerdict.Keep)
        {
            return Outcome.Unchanged;
        }
        var articleFile = new ArticleFile(slug, Path.GetFileName(Path.GetDirectoryName(file))!, relative, FrontMatter.DecodeUtf8(bytes), hash,
            new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero));
        if (verdict == ImportVerdict.Conflict)
        {
            // Parsed and rendered all the same: a conflict revision must be one that can be restored.
            renderer.Render(FrontMatter.Parse(articleFile.Text).Body, articleFile.Category, limits.RenderLimits);
            _guard.Conflict(connection, tx, articleFile);
            return Outcome.Conflict;
        }
        Write(connection, tx, articleFile);
        _guard.Imported(connection, tx, articleFile);
        return existingHash is null ? Outcome.Added : Outcome.Updated;
    }

    /// <summary>
    /// The one write of an article row and its tags, for the import and the browser editor alike: the text (front
    /// matter + Markdown) is parsed, rendered and sanitized here, whoever wrote it. Callers update the search index
    /// in the same transaction (<see cref="SearchIndexer.Sync"/>).
    /// </summary>
    /// <exception cref="ContentException">Bad front matter.</exception>
    /// <exception cref="RenderException">The Markdown exceeds a bound.</exception>
    internal long Write(SqliteConnection connection, SqliteTransaction tx, ArticleFile file)
    {
        var parsed = FrontMatter.Parse(file.Text);
        RenderedArticle rendered;
        try
        {
            rendered = renderer.Render(parsed.Body, file.Category, options.Value.RenderLimits);
        }
        catch (RenderException ex)
        {
            // The renderer counts lines in the body; the warning names the line in the file.
            throw new RenderException(ex.Message, ex.Line + parsed.BodyStartLine - 1);
        }
        var meta = parsed.Meta;
        var updatedAt = (meta.Updated ?? file.FallbackUpdated).ToUniversalTime();
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
        var id = connection.ExecuteScalar<long>(upsertSql, new
        {
            file.Slug,
            file.Category,
            file.SourcePath,
            ContentHash = file.Hash,
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
        return id;
    }

    /// <summary>An article written outside an import (the editor): its row, tags and search entry, in the caller's transaction.</summary>
    internal long Save(SqliteConnection connection, SqliteTransaction tx, ArticleFile file)
    {
        var id = Write(connection, tx, file);
        SearchIndexer.Sync(connection, tx);
        return id;
    }

    /// <summary>Where the article with this slug would be found in content/ (category/slug.md), or null when there is none.</summary>
    internal static string? SourcePath(SqliteConnection connection, SqliteTransaction tx, string slug)
    {
        const string sql = "SELECT source_path FROM articles WHERE slug = @slug";
        return connection.ExecuteScalar<string?>(sql, new { slug }, tx);
    }

    /// <summary>Deletes an article row (its tags and search entry go with it: cascade and trigger).</summary>
    internal static int Remove(SqliteConnection connection, SqliteTransaction tx, string sourcePath)
    {
        const string deleteSql = "DELETE FROM articles WHERE source_path = @sourcePath";
        return connection.Execute(deleteSql, new { sourcePath }, tx);
    }

    private static void CheckSize(long size, int max)
    {
        if (size > max)
        {
            throw new ContentException(string.Create(CultureInfo.InvariantCulture,
                $"file is {size:N0} bytes; the limit is {max:N0} (KnowledgeBase:MaxFileBytes)"), 1);
        }
    }

    internal static IEnumerable<string> EnumerateArticles(string contentPath) =>
        Directory.EnumerateDirectories(contentPath)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .SelectMany(d => Directory.EnumerateFiles(d, "*.md"))
            .Order(StringComparer.Ordinal);

    internal static string Hash(byte[] bytes)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(ArticleRenderer.Version + "\n"));
        sha.AppendData(bytes);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private List<CategoryEntry> ReadCategories(ContentFolder folder)
    {
        var file = Path.Combine(folder.Path, "categories.yml");
        if (!File.Exists(file)) { return []; }
        if (!folder.Contains(file))
        {
            logger.LogWarning("Ignored categories.yml:1: symbolic link to a file outside the content folder; not followed");
            return [];
        }
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
    /// <param name="categories">null: keep the categories as they are (edited in the browser), only add new folders.</param>
    private static void SaveCategories(SqliteConnection connection, SqliteTransaction tx, List<CategoryEntry>? categories)
    {
        if (categories is not null)
        {
            connection.Execute("DELETE FROM categories", transaction: tx);
        }
        categories ??= [];
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
