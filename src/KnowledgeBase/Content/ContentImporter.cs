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
/// <param name="synonyms">The synonym groups the search index is built with; loaded by the import service before each import.</param>
/// <param name="guard">Decides for articles edited in the browser (kept, or a conflict revision) instead of overwriting them.</param>
public sealed class ContentImporter(Db db, ArticleRenderer renderer, IOptions<ContentOptions> options, ILogger<ContentImporter> logger,
    SynonymProvider? synonyms = null, IImportGuard? guard = null)
{
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

        // Read before the write transaction: readers are never blocked by this, and the writes below are short.
        const string existingSql = "SELECT source_path AS SourcePath, content_hash AS ContentHash FROM articles";
        var existing = connection.Query<(string SourcePath, string ContentHash)>(existingSql)
            .ToDictionary(r => r.SourcePath, r => r.ContentHash, StringComparer.Ordinal);

        var skipped = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var slugs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var candidates = new List<(string File, string Relative, string Slug)>();

        void Skip(string relative, int line, string reason)
        {
            logger.LogWarning("Skipped {File}:{Line}: {Message}", relative, line, reason);
            skipped.Add(relative);
        }

        // In file order, so that of two files with one slug the same one wins every time.
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
            candidates.Add((file, relative, slug));
        }

        // Every file is read and hashed first (in parallel); a changed file's front matter gives its terms. All terms
        // must be in the segmenter's dictionary before any article is cut into words (see below).
        var scanned = candidates.AsParallel().AsOrdered().Select(c => Scan(c.File, existing.GetValueOrDefault(c.Relative))).ToArray();

        int added = 0, updated = 0, unchanged = 0;
        using var tx = connection.BeginTransaction();
        using var writer = new ArticleWriter(connection, tx);
        // Removed files first: an article moved to another folder keeps its slug, which must be free again.
        var removed = 0;
        foreach (var gone in existing.Keys.Where(k => !seen.Contains(k)))
        {
            // source_path is always <category>/<slug>.md, for imported and browser-made articles alike.
            if (!_guard.KeepWithoutFile(connection, tx, Path.GetFileNameWithoutExtension(gone)))
            {
                removed += writer.Delete(gone);
            }
        }

        // What the guard says of each changed file (an article edited in the browser is kept, or its file becomes a
        // conflict revision). The word index is cut with the terms of every article as it will be after this import:
        // those of the articles that stay and those of the files that replace or add one. The same set every time
        // for the same folder and database, so a restart finds the rows current.
        var verdicts = new ImportVerdict?[candidates.Count];
        var fileTerms = new List<string>();
        var replaced = new List<string>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var (hash, changed, meta, scanError) = scanned[i];
            if (!changed && scanError is null) { continue; }
            var verdict = scanError is null ? _guard.Decide(connection, tx, candidates[i].Slug, hash!, unchanged: false) : ImportVerdict.Import;
            verdicts[i] = verdict;
            if (verdict != ImportVerdict.Import) { continue; }
            if (meta is not null) { fileTerms.AddRange([meta.Title!, .. meta.Keywords, .. meta.Tags]); }
            if (existing.ContainsKey(candidates[i].Relative)) { replaced.Add(candidates[i].Relative); }
        }
        WordSegmenter.AddTerms(SearchIndexer.Terms(connection, tx, replaced).Concat(fileTerms));

        // Parsing, rendering, tokenizing, cutting words and compressing: all CPU, no database, in parallel, a chunk at
        // a time so that memory stays bounded (a prepared article holds its search tokens and words). Each next chunk
        // is prepared on worker threads while the previous one is written, so the writing thread only binds and steps
        // prepared statements. A failure is kept per file and reported in file order; the file's last good version stays.
        var toPrepare = Enumerable.Range(0, candidates.Count).Where(i => verdicts[i] is ImportVerdict.Import or ImportVerdict.Conflict).ToList();
        var chunks = toPrepare.Chunk(ChunkSize).ToList();
        Prepared[] PrepareChunk(int k) => chunks[k].AsParallel().AsOrdered().Select(i =>
        {
            var c = candidates[i];
            var scan = scanned[i];
            // From here the front matter lives with the prepared article only: the import does not hold all of them to its end.
            scanned[i] = default;
            try
            {
                var (article, text) = PrepareFile(c.File, c.Relative, c.Slug, existing.GetValueOrDefault(c.Relative), scan);
                return new Prepared(article, text, null);
            }
            catch (Exception ex) { return new Prepared(null, null, ex); }
        }).ToArray();
        var next = chunks.Count > 0 ? Task.Run(() => PrepareChunk(0)) : null;
        Prepared[] prepared = [];
        var chunk = -1;
        var at = 0;
        // The search entries of the articles written since the last chunk, written together (see ArticleWriter.WriteRow).
        var unindexed = new List<(long Id, PreparedArticle Article)>();
        void WriteIndexes()
        {
            foreach (var (id, article) in unindexed)
            {
                try { writer.WriteIndex(id, article); }
                catch (SqliteException ex)
                {
                    // The article is stored; SearchIndexer.Sync below indexes it from its row.
                    logger.LogWarning(ex, "Search entries of {File} not written: {Message}", article.SourcePath, ex.Message);
                }
            }
            unindexed.Clear();
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            var (file, relative, slug) = candidates[i];
            Prepared current;
            ImportVerdict verdict;
            if (verdicts[i] is { } decided)
            {
                if (decided == ImportVerdict.Keep) { unchanged++; continue; }
                if (at == prepared.Length)
                {
                    WriteIndexes();
                    prepared = next!.GetAwaiter().GetResult();
                    at = 0;
                    var following = ++chunk + 1;
                    next = following < chunks.Count ? Task.Run(() => PrepareChunk(following)) : null;
                }
                current = prepared[at++];
                verdict = decided;
                // Changed back since it was read: as unchanged.
                if (current is { Article: null, Error: null }) { verdict = _guard.Decide(connection, tx, slug, existing[relative], unchanged: true); }
            }
            else
            {
                verdict = _guard.Decide(connection, tx, slug, existing[relative], unchanged: true);
                current = new Prepared(null, null, null);
            }
            var (article, text, error) = current;
            if (error is null)
            {
                if (verdict == ImportVerdict.Keep) { unchanged++; continue; }
                if (article is null)
                {
                    // Unchanged in the table but unknown to the guard (a database from before it): read once more.
                    try { (article, text) = PrepareFile(file, relative, slug, null); }
                    catch (Exception ex) { error = ex; }
                }
            }
            if (error is null)
            {
                // Both set: PrepareFile with no known hash always prepares.
                var source = new ArticleFile(slug, article!.Category, relative, text!, article.ContentHash, DateTimeOffset.Parse(article.Updated, CultureInfo.InvariantCulture));
                if (verdict == ImportVerdict.Conflict)
                {
                    _guard.Conflict(connection, tx, source);
                    logger.LogWarning("Kept the browser's version of {Slug}; {File} changed too and is stored as a conflict revision", slug, relative);
                    unchanged++;
                    continue;
                }
                // A savepoint per file: a failure half-way through one file's rows undoes only that file.
                tx.Save("article");
                try
                {
                    var id = writer.WriteRow(article);
                    _guard.Imported(connection, tx, source);
                    tx.Release("article");
                    unindexed.Add((id, article));
                    if (existing.ContainsKey(relative)) { updated++; } else { added++; }
                    continue;
                }
                catch (SqliteException ex)
                {
                    tx.Rollback("article");
                    tx.Release("article");
                    error = ex;
                }
            }
            switch (error)
            {
                case ContentException c: Skip(relative, c.Line, c.Message); break;
                case RenderException r: Skip(relative, r.Line, r.Message); break;
                default:
                    // Unexpected, so with the stack trace; still only this file is lost.
                    logger.LogWarning(error, "Skipped {File}:{Line}: {Message}", relative, 1, error.Message);
                    skipped.Add(relative);
                    break;
            }
        }
        WriteIndexes();

        // Categories alone can change (a renamed category in categories.yml): that must evict cached pages too.
        const string categoriesSql = """
            SELECT json_group_array(json_array(slug, name, name_en, description, sort_order))
            FROM (SELECT * FROM categories ORDER BY slug)
            """;
        var categoriesBefore = connection.ExecuteScalar<string>(categoriesSql, transaction: tx);
        SaveCategories(connection, tx, _guard.CategoriesEdited(connection, tx) ? null : categories);
        var categoriesChanged = categoriesBefore != connection.ExecuteScalar<string>(categoriesSql, transaction: tx);
        // Same transaction: whatever the writer did not index catches up (rows from before a normalizer change, articles
        // kept for the browser while the dictionary changed).
        SearchIndexer.Sync(connection, tx, synonyms?.Current);
        tx.Commit();

        var result = new ImportResult(added, updated, unchanged, removed, skipped, categoriesChanged);
        if (result.Changed) { Compact(connection); }
        logger.LogInformation("Imported {ContentPath}: {Added} added, {Updated} updated, {Unchanged} unchanged, {Removed} removed, {Skipped} skipped in {Elapsed:F0} ms",
            contentPath, added, updated, unchanged, removed, skipped.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    /// <summary>Files prepared together: enough to keep both cores busy, few enough that their tokens stay small in memory.</summary>
    private const int ChunkSize = 256;

    private readonly record struct Prepared(PreparedArticle? Article, string? Text, Exception? Error);

    /// <summary>
    /// A file's hash and whether it differs from the imported one; when it does, its front matter (null when it has no good
    /// front matter): its terms go into the segmenter's dictionary, and the file is prepared with it unless it changed again.
    /// </summary>
    private readonly record struct Scanned(string? Hash, bool Changed, ArticleMeta? Meta, Exception? Error);

    /// <summary>Reads and hashes a file; a file that cannot be read is reported when it is prepared.</summary>
    private Scanned Scan(string file, string? existingHash)
    {
        try
        {
            var bytes = ReadFile(file);
            var hash = Hash(bytes);
            if (hash == existingHash) { return new Scanned(hash, false, null, null); }
            try { return new Scanned(hash, true, FrontMatter.Parse(FrontMatter.DecodeUtf8(bytes)).Meta, null); }
            catch (ContentException) { return new Scanned(hash, true, null, null); }
        }
        catch (Exception ex) { return new Scanned(null, false, null, ex); }
    }

    /// <exception cref="ContentException">The file is too large.</exception>
    private byte[] ReadFile(string file)
    {
        var limits = options.Value;
        // Checked before reading (a huge file is never loaded) and after (it may have grown in between).
        CheckSize(new FileInfo(file).Length, limits.MaxFileBytes);
        var bytes = File.ReadAllBytes(file);
        CheckSize(bytes.Length, limits.MaxFileBytes);
        return bytes;
    }

    /// <summary>
    /// After a write: the WAL is folded into the database and truncated (otherwise it stays as large as the
    /// largest import), and a file left mostly empty (the first import after migration 004 rewrites every
    /// article compressed) is vacuumed once.
    /// </summary>
    private void Compact(SqliteConnection connection)
    {
        try
        {
            var (pages, free) = connection.QuerySingle<(long Pages, long Free)>("SELECT (SELECT page_count FROM pragma_page_count()), (SELECT freelist_count FROM pragma_freelist_count())");
            if (free > 1024 && free * 2 > pages) { connection.Execute("VACUUM"); }
            connection.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        catch (SqliteException ex)
        {
            // A reader holding an old snapshot keeps the WAL busy: the next import tries again.
            logger.LogInformation(ex, "Database not compacted after import: {Message}", ex.Message);
        }
    }

    /// <summary>The article as it will be written and the file's text, or nulls when the file is unchanged since the last import.</summary>
    /// <exception cref="ContentException">The file is too large, not UTF-8 text or has bad front matter.</exception>
    /// <exception cref="RenderException">The Markdown exceeds a bound.</exception>
    /// <param name="scanned">What <see cref="Scan"/> found in the file: its front matter is used when the file still has the hash it had then.</param>
    private (PreparedArticle? Article, string? Text) PrepareFile(string file, string relative, string slug, string? existingHash, Scanned scanned = default)
    {
        var bytes = ReadFile(file);
        var hash = Hash(bytes);
        if (existingHash == hash)
        {
            return (null, null);
        }
        var text = FrontMatter.DecodeUtf8(bytes);
        var source = new ArticleFile(slug, Path.GetFileName(Path.GetDirectoryName(file))!, relative, text, hash,
            new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero));
        return (Prepare(source, hash == scanned.Hash ? scanned.Meta : null), text);
    }

    /// <summary>
    /// An article's text (front matter + Markdown) parsed, rendered and sanitized, ready for <see cref="ArticleWriter"/>:
    /// the import and the browser editor both go through here, whoever wrote the text.
    /// </summary>
    /// <exception cref="ContentException">Bad front matter.</exception>
    /// <exception cref="RenderException">The Markdown exceeds a bound.</exception>
    /// <param name="meta">The text's front matter when it was parsed already (see <see cref="FrontMatter.Parse(string, ArticleMeta?)"/>).</param>
    internal PreparedArticle Prepare(ArticleFile file, ArticleMeta? meta = null)
    {
        var parsed = FrontMatter.Parse(file.Text, meta);
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
        return new PreparedArticle(file.Slug, file.Category, file.SourcePath, file.Hash, parsed.Meta, parsed.Body, rendered, parsed.Meta.Updated ?? file.FallbackUpdated, file.Text,
            synonyms?.Current ?? SynonymSet.Empty);
    }

    /// <summary>Where the article with this slug would be found in content/ (category/slug.md), or null when there is none.</summary>
    internal static string? SourcePath(SqliteConnection connection, SqliteTransaction tx, string slug)
    {
        const string sql = "SELECT source_path FROM articles WHERE slug = @slug";
        return connection.ExecuteScalar<string?>(sql, new { slug }, tx);
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
