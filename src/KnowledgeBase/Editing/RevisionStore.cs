using Dapper;
using KnowledgeBase.Data;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Editing;

public static class RevisionKinds
{
    public const string Edit = "edit";
    public const string Import = "import";
    public const string Conflict = "conflict";
    public const string Restore = "restore";
}

/// <summary>One stored version of an article. <see cref="Text"/> is the whole file: front matter + Markdown.</summary>
public sealed record Revision(long Id, string Slug, long Number, string Kind, string Author, string Created, string? Message, string Category, string Text);

/// <summary>A revision without its text, for lists (history, recent changes, conflicts).</summary>
public sealed record RevisionInfo(long Id, string Slug, long Number, string Kind, string Author, string Created, string? Message, string Category);

public sealed record TrashItem(long Id, string Slug, string Category, long Revision, string DeletedBy, string Deleted);

public sealed record MediaFile(string ContentType, byte[] Bytes);

/// <summary>
/// The tables of migration 007 (revisions, article_sources, trash, redirects, media, site_flags). Methods taking a
/// connection and transaction run inside the caller's unit of work (a save, an import); the others open their own.
/// Revision texts are stored compressed like article text (<see cref="StoredText"/>). An import revision is stored
/// with an empty text, meaning "the text the article's row holds" (the row keeps its file's text, migration 008):
/// a trigger copies the row's text into the revision before the row changes or goes, so every reader sees the same
/// text either way.
/// </summary>
public sealed class RevisionStore(Db db)
{
    private const string InfoColumns = "id AS Id, slug AS Slug, revision AS Number, kind AS Kind, author AS Author, created AS Created, message AS Message, category AS Category";

    /// <summary>
    /// A revision's text, from the revision or, when it is stored by reference, from its article's row (part 3 of an
    /// article BLOB is <see cref="StoredText.File"/>; a revision packed on its own reads back whole).
    /// </summary>
    private const string TextColumn = """
        unpack(CASE WHEN text = '' THEN (SELECT a.markdown FROM articles a WHERE a.slug = revisions.slug) ELSE text END, NULL, 3) AS Text
        """;

    /// <summary>The revision the article is at: the newest that is not a refused file version (conflict).</summary>
    public Revision? Current(SqliteConnection connection, SqliteTransaction? tx, string slug)
    {
        const string sql = $"""
            SELECT {InfoColumns}, {TextColumn} FROM revisions
            WHERE slug = @slug AND kind <> 'conflict' ORDER BY revision DESC LIMIT 1
            """;
        return connection.QuerySingleOrDefault<Revision>(sql, new { slug }, tx);
    }

    public Revision? Current(string slug)
    {
        using var connection = db.Open();
        return Current(connection, null, slug);
    }

    public long? CurrentNumber(string slug) => Current(slug)?.Number;

    /// <param name="inArticle">The article's row was just written from <paramref name="text"/> (an import): store a reference to it.</param>
    public long Add(SqliteConnection connection, SqliteTransaction tx, string slug, string kind, string author, string? message,
        string category, string text, string? fileHash = null, bool inArticle = false)
    {
        const string sql = """
            INSERT INTO revisions (slug, revision, kind, author, created, message, category, text, file_hash)
            VALUES (@slug, (SELECT COALESCE(MAX(revision), 0) + 1 FROM revisions WHERE slug = @slug), @kind, @author, @created, @message,
                    @category, @text, @fileHash)
            RETURNING revision
            """;
        return connection.ExecuteScalar<long>(sql, new
        {
            slug, kind, author, created = DateTimeOffset.UtcNow.ToString("O"), message, category, text = inArticle ? "" : StoredText.Pack(text), fileHash,
        }, tx);
    }

    /// <summary>
    /// The article's row was just written again from the text its current revision <paramref name="id"/> holds (an
    /// import after a renderer change, or of a database from before migration 008): the revision then refers to the
    /// row instead of keeping a copy.
    /// </summary>
    public void ReferToArticle(SqliteConnection connection, SqliteTransaction tx, long id)
    {
        const string sql = "UPDATE revisions SET text = '' WHERE id = @id AND text <> ''";
        connection.Execute(sql, new { id }, tx);
    }

    public Revision? Get(string slug, long number)
    {
        const string sql = $"SELECT {InfoColumns}, {TextColumn} FROM revisions WHERE slug = @slug AND revision = @number";
        using var connection = db.Open();
        return connection.QuerySingleOrDefault<Revision>(sql, new { slug, number });
    }

    public IReadOnlyList<RevisionInfo> History(string slug)
    {
        const string sql = $"SELECT {InfoColumns} FROM revisions WHERE slug = @slug ORDER BY revision DESC";
        using var connection = db.Open();
        return connection.Query<RevisionInfo>(sql, new { slug }).ToList();
    }

    /// <summary>Newest first, across the wiki; refused file versions are on the conflicts page, not here.</summary>
    public IReadOnlyList<RevisionInfo> Recent(int count)
    {
        const string sql = $"SELECT {InfoColumns} FROM revisions WHERE kind <> 'conflict' ORDER BY created DESC, id DESC LIMIT @count";
        using var connection = db.Open();
        return connection.Query<RevisionInfo>(sql, new { count }).ToList();
    }

    public IReadOnlyList<RevisionInfo> OpenConflicts()
    {
        const string sql = $"SELECT {InfoColumns} FROM revisions WHERE kind = 'conflict' AND resolved = 0 ORDER BY created DESC, id DESC";
        using var connection = db.Open();
        return connection.Query<RevisionInfo>(sql).ToList();
    }

    public bool ResolveConflict(long id)
    {
        const string sql = "UPDATE revisions SET resolved = 1 WHERE id = @id AND kind = 'conflict'";
        using var connection = db.Open();
        return connection.Execute(sql, new { id }) > 0;
    }

    // --- article_sources: which file the importer saw last, and whether the browser owns the article ---

    public (string? FileHash, bool Edited)? Source(SqliteConnection connection, SqliteTransaction tx, string slug)
    {
        const string sql = "SELECT file_hash AS FileHash, edited AS Edited FROM article_sources WHERE slug = @slug";
        var row = connection.QuerySingleOrDefault<(string? FileHash, long Edited)?>(sql, new { slug }, tx);
        return row is { } r ? (r.FileHash, r.Edited != 0) : null;
    }

    public void SetFileHash(SqliteConnection connection, SqliteTransaction tx, string slug, string fileHash)
    {
        const string sql = """
            INSERT INTO article_sources (slug, file_hash) VALUES (@slug, @fileHash)
            ON CONFLICT(slug) DO UPDATE SET file_hash = excluded.file_hash
            """;
        connection.Execute(sql, new { slug, fileHash }, tx);
    }

    /// <summary>From now on the importer never overwrites or removes this slug's article.</summary>
    public void MarkEdited(SqliteConnection connection, SqliteTransaction tx, string slug)
    {
        const string sql = "INSERT INTO article_sources (slug, edited) VALUES (@slug, 1) ON CONFLICT(slug) DO UPDATE SET edited = 1";
        connection.Execute(sql, new { slug }, tx);
    }

    /// <summary>
    /// Revisions follow the article to its new slug; the old slug redirects there (and so do older names that
    /// pointed at the old one). The old slug stays marked as edited, so its file in content/ does not come back.
    /// </summary>
    public void Rename(SqliteConnection connection, SqliteTransaction tx, string from, string to)
    {
        const string revisionsSql = "UPDATE revisions SET slug = @to WHERE slug = @from";
        const string chainSql = "UPDATE redirects SET new_slug = @to WHERE new_slug = @from";
        const string redirectSql = "INSERT INTO redirects (old_slug, new_slug) VALUES (@from, @to) ON CONFLICT(old_slug) DO UPDATE SET new_slug = excluded.new_slug";
        const string clearSql = "DELETE FROM redirects WHERE old_slug = @to";
        connection.Execute(revisionsSql, new { from, to }, tx);
        connection.Execute(chainSql, new { from, to }, tx);
        connection.Execute(redirectSql, new { from, to }, tx);
        connection.Execute(clearSql, new { to }, tx);
        MarkEdited(connection, tx, from);
        MarkEdited(connection, tx, to);
    }

    public string? RedirectTarget(string slug)
    {
        const string sql = "SELECT new_slug FROM redirects WHERE old_slug = @slug";
        using var connection = db.Open();
        return connection.ExecuteScalar<string?>(sql, new { slug });
    }

    /// <summary>A renamed slug's current name; the slug itself when it was never renamed.</summary>
    public string Resolve(SqliteConnection connection, SqliteTransaction tx, string slug)
    {
        const string sql = "SELECT new_slug FROM redirects WHERE old_slug = @slug";
        return connection.ExecuteScalar<string?>(sql, new { slug }, tx) ?? slug;
    }

    /// <summary>A slug taken by a new article no longer redirects.</summary>
    public void ClearRedirect(SqliteConnection connection, SqliteTransaction tx, string slug)
    {
        const string sql = "DELETE FROM redirects WHERE old_slug = @slug";
        connection.Execute(sql, new { slug }, tx);
    }

    // --- trash ---

    public void Trash(SqliteConnection connection, SqliteTransaction tx, Revision current, string deletedBy)
    {
        const string sql = """
            INSERT INTO trash (slug, category, text, revision, deleted_by, deleted)
            VALUES (@Slug, @Category, @Text, @Number, @deletedBy, @deleted)
            """;
        connection.Execute(sql, new { current.Slug, current.Category, Text = StoredText.Pack(current.Text), current.Number, deletedBy, deleted = DateTimeOffset.UtcNow.ToString("O") }, tx);
    }

    public IReadOnlyList<TrashItem> TrashItems()
    {
        const string sql = "SELECT id AS Id, slug AS Slug, category AS Category, revision AS Revision, deleted_by AS DeletedBy, deleted AS Deleted FROM trash ORDER BY deleted DESC, id DESC";
        using var connection = db.Open();
        return connection.Query<TrashItem>(sql).ToList();
    }

    public (string Slug, string Category, string Text)? TakeFromTrash(SqliteConnection connection, SqliteTransaction tx, long id)
    {
        const string sql = "DELETE FROM trash WHERE id = @id RETURNING slug AS Slug, category AS Category, unpack(text) AS Text";
        return connection.QuerySingleOrDefault<(string Slug, string Category, string Text)?>(sql, new { id }, tx);
    }

    // --- media ---

    public void SaveMedia(string category, string name, string contentType, byte[] bytes, string author)
    {
        const string sql = """
            INSERT INTO media (category, name, content_type, bytes, author, created)
            VALUES (@category, @name, @contentType, @bytes, @author, @created)
            ON CONFLICT(category, name) DO NOTHING
            """;
        using var connection = db.Open();
        connection.Execute(sql, new { category, name, contentType, bytes, author, created = DateTimeOffset.UtcNow.ToString("O") });
    }

    public MediaFile? Media(string category, string name)
    {
        const string sql = "SELECT content_type AS ContentType, bytes AS Bytes FROM media WHERE category = @category AND name = @name";
        using var connection = db.Open();
        return connection.QuerySingleOrDefault<MediaFile>(sql, new { category, name });
    }

    public IReadOnlyList<(string Category, string Name)> MediaNames()
    {
        const string sql = "SELECT category AS Category, name AS Name FROM media ORDER BY category, name";
        using var connection = db.Open();
        return connection.Query<(string Category, string Name)>(sql).ToList();
    }

    /// <summary>A moved article keeps its uploaded images: they are copied into the new category's media.</summary>
    public void CopyMedia(SqliteConnection connection, SqliteTransaction tx, string fromCategory, string toCategory)
    {
        const string sql = """
            INSERT OR IGNORE INTO media (category, name, content_type, bytes, author, created)
            SELECT @toCategory, name, content_type, bytes, author, created FROM media WHERE category = @fromCategory
            """;
        connection.Execute(sql, new { fromCategory, toCategory }, tx);
    }

    // --- flags ---

    public const string CategoriesEditedFlag = "categories_edited";

    public bool Flag(SqliteConnection connection, SqliteTransaction? tx, string name)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM site_flags WHERE name = @name)";
        return connection.ExecuteScalar<bool>(sql, new { name }, tx);
    }

    public void SetFlag(SqliteConnection connection, SqliteTransaction tx, string name)
    {
        const string sql = "INSERT INTO site_flags (name, value) VALUES (@name, '1') ON CONFLICT(name) DO NOTHING";
        connection.Execute(sql, new { name }, tx);
    }
}
