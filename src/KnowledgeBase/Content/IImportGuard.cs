using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Content;

/// <summary>What the importer does with one article file.</summary>
public enum ImportVerdict
{
    /// <summary>Store the file's version.</summary>
    Import,

    /// <summary>Leave the database as it is (the file is unchanged, or its article is owned by the browser and the file has not changed since).</summary>
    Keep,

    /// <summary>The article was edited in the browser and the file changed too: keep the browser version, record the file's as a conflict.</summary>
    Conflict,
}

/// <summary>One article file as the importer read it, or as the editor composed it.</summary>
public sealed record ArticleFile(string Slug, string Category, string SourcePath, string Text, string Hash, DateTimeOffset FallbackUpdated);

/// <summary>
/// Lets the importer ask whether a file may overwrite its article, and report what it stored. The database is
/// the source of truth once an article is edited in the browser; the editing feature implements this, so that
/// Content does not depend on it. Every call runs inside the import's transaction.
/// </summary>
public interface IImportGuard
{
    /// <param name="unchanged">The article row already holds exactly this file (same hash).</param>
    ImportVerdict Decide(SqliteConnection connection, SqliteTransaction tx, string slug, string hash, bool unchanged);

    /// <summary>The file's version was stored as the article.</summary>
    void Imported(SqliteConnection connection, SqliteTransaction tx, ArticleFile file);

    /// <summary>The file's version was not stored: the browser's version stays.</summary>
    void Conflict(SqliteConnection connection, SqliteTransaction tx, ArticleFile file);

    /// <summary>Whether an article whose file is gone from content/ stays (it lives in the database now).</summary>
    bool KeepWithoutFile(SqliteConnection connection, SqliteTransaction tx, string slug);

    /// <summary>Whether categories were edited in the browser, so categories.yml no longer replaces them.</summary>
    bool CategoriesEdited(SqliteConnection connection, SqliteTransaction tx);
}

/// <summary>Without the editing feature: content/ is the only truth, as before.</summary>
internal sealed class FilesOnlyGuard : IImportGuard
{
    public ImportVerdict Decide(SqliteConnection connection, SqliteTransaction tx, string slug, string hash, bool unchanged) =>
        unchanged ? ImportVerdict.Keep : ImportVerdict.Import;

    public void Imported(SqliteConnection connection, SqliteTransaction tx, ArticleFile file) { }

    public void Conflict(SqliteConnection connection, SqliteTransaction tx, ArticleFile file) { }

    public bool KeepWithoutFile(SqliteConnection connection, SqliteTransaction tx, string slug) => false;

    public bool CategoriesEdited(SqliteConnection connection, SqliteTransaction tx) => false;
}
