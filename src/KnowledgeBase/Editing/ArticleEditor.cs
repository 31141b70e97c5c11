using System.Text;
using KnowledgeBase.Articles;
using KnowledgeBase.Content;
using KnowledgeBase.Data;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Editing;

/// <summary>The outcome of a write: exactly one of these.</summary>
public abstract record EditResult
{
    /// <summary>Stored as <paramref name="Revision"/>; <paramref name="Created"/> when the slug had no article before.</summary>
    public sealed record Saved(string Slug, long Revision, bool Created) : EditResult;

    /// <summary>Someone saved since the version the writer started from; nothing was written.</summary>
    public sealed record Stale(long? CurrentRevision, Revision? Current) : EditResult;

    /// <summary>A field the writer must correct; nothing was written.</summary>
    public sealed record Invalid(string Field, string Message) : EditResult;

    public sealed record NotFound(string Field, string Message) : EditResult;
}

/// <summary>
/// Every browser and API write of an article: saves, renames and moves, deletes to the trash, restores. One SQLite
/// write transaction each (BEGIN IMMEDIATE: concurrent saves are serialized, so the revision check and the write
/// cannot interleave), and the row and search entry are written by the importer's own method, so an edit is stored,
/// rendered and sanitized exactly like an imported file. Pages and the practice set read the database; cached
/// responses are evicted after each commit.
/// </summary>
public sealed class ArticleEditor(Db db, ContentImporter importer, RevisionStore revisions, CategoryStore categories, IOutputCacheStore cache, ILogger<ArticleEditor> logger)
{
    /// <param name="slug">The article's slug now (for a new article: the slug it gets).</param>
    /// <param name="newSlug">Rename to this slug (the old URL then redirects); null keeps the slug.</param>
    /// <param name="expectedRevision">The revision the writer started from; null for a create-or-overwrite.</param>
    /// <param name="mustExist">True for an edit (never resurrect a deleted article by saving an old form).</param>
    public EditResult Save(string slug, ArticleFields fields, long? expectedRevision, string author, string? message,
        string? newSlug = null, bool mustExist = false, string kind = RevisionKinds.Edit)
    {
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        var result = Save(connection, tx, slug, fields, expectedRevision, author, message, newSlug, mustExist, kind);
        if (result is EditResult.Saved saved)
        {
            tx.Commit();
            Changed();
            logger.LogInformation("{Author} saved {Slug} as revision {Revision}", author, saved.Slug, saved.Revision);
        }
        return result;
    }

    private EditResult Save(SqliteConnection connection, SqliteTransaction tx, string slug, ArticleFields fields, long? expectedRevision,
        string author, string? message, string? newSlug, bool mustExist, string kind)
    {
        var target = string.IsNullOrEmpty(newSlug) ? slug : newSlug;
        var oldPath = ContentImporter.SourcePath(connection, tx, slug);
        var current = oldPath is null ? null : revisions.Current(connection, tx, slug);
        if (oldPath is null && mustExist)
        {
            return new EditResult.NotFound("slug", $"No article has the slug '{slug}'.");
        }
        if (expectedRevision is not null && expectedRevision != current?.Number)
        {
            return new EditResult.Stale(current?.Number, current);
        }
        if (target != slug && ContentImporter.SourcePath(connection, tx, target) is not null)
        {
            return new EditResult.Invalid("slug", $"The slug '{target}' is already used by another article.");
        }
        if (!categories.Exists(connection, tx, fields.Category))
        {
            return new EditResult.Invalid("category", $"No category has the slug '{fields.Category}'.");
        }
        if (current is not null && fields.Order is null)
        {
            fields = fields with { Order = SafeOrder(current.Text) };
        }

        var text = ArticleText.Compose(fields);
        var path = $"{fields.Category}/{target}.md";
        PreparedArticle prepared;
        try
        {
            prepared = importer.Prepare(new ArticleFile(target, fields.Category, path, text, ContentImporter.Hash(Encoding.UTF8.GetBytes(text)), DateTimeOffset.UtcNow));
        }
        catch (ContentException e)
        {
            return new EditResult.Invalid("title", e.Message);
        }
        catch (RenderException e)
        {
            return new EditResult.Invalid("markdown", $"line {e.Line}: {e.Message}");
        }
        // The importer's writer: row, tags and search entry exactly as an import stores them.
        using (var writer = new ArticleWriter(connection, tx))
        {
            if (oldPath is not null && oldPath != path)
            {
                writer.Delete(oldPath);
            }
            writer.Write(prepared);
        }
        if (target != slug && oldPath is not null)
        {
            revisions.Rename(connection, tx, slug, target);
        }
        else
        {
            revisions.ClearRedirect(connection, tx, target);
        }
        if (current is not null && current.Category != fields.Category)
        {
            revisions.CopyMedia(connection, tx, current.Category, fields.Category);
        }
        revisions.MarkEdited(connection, tx, target);
        var number = revisions.Add(connection, tx, target, kind, author, Trim(message), fields.Category, text);
        return new EditResult.Saved(target, number, oldPath is null);
    }

    /// <summary>Moves the article to the trash; its file in content/ does not bring it back.</summary>
    public EditResult Delete(string slug, long? expectedRevision, string author)
    {
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        var path = ContentImporter.SourcePath(connection, tx, slug);
        var current = path is null ? null : revisions.Current(connection, tx, slug);
        if (path is null || current is null)
        {
            return new EditResult.NotFound("slug", $"No article has the slug '{slug}'.");
        }
        if (expectedRevision is not null && expectedRevision != current.Number)
        {
            return new EditResult.Stale(current.Number, current);
        }
        revisions.Trash(connection, tx, current, author);
        using (var writer = new ArticleWriter(connection, tx))
        {
            writer.Delete(path);
        }
        revisions.MarkEdited(connection, tx, slug);
        tx.Commit();
        Changed();
        logger.LogInformation("{Author} moved {Slug} to the trash", author, slug);
        return new EditResult.Saved(slug, current.Number, false);
    }

    /// <summary>An old revision (or a conflict's file version) becomes the newest, as a new revision: history is never rewritten.</summary>
    public EditResult Restore(string slug, long number, string author)
    {
        var old = revisions.Get(slug, number);
        if (old is null)
        {
            return new EditResult.NotFound("revision", $"'{slug}' has no revision {number}.");
        }
        var result = Save(slug, ArticleText.Parse(old.Text, old.Category), null, author, $"restored revision {number}", kind: RevisionKinds.Restore);
        if (result is EditResult.Saved && old.Kind == RevisionKinds.Conflict)
        {
            // The file's version was adopted: the conflict is settled.
            revisions.ResolveConflict(old.Id);
        }
        return result;
    }

    public EditResult RestoreFromTrash(long id, string author)
    {
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        var item = revisions.TakeFromTrash(connection, tx, id);
        if (item is not { } t)
        {
            return new EditResult.NotFound("id", $"The trash has no item {id}.");
        }
        if (ContentImporter.SourcePath(connection, tx, t.Slug) is not null)
        {
            return new EditResult.Invalid("slug", $"A new article already uses the slug '{t.Slug}'; rename it first.");
        }
        // One transaction with taking it out: a restore that fails leaves the item in the trash.
        var result = Save(connection, tx, t.Slug, ArticleText.Parse(t.Text, t.Category), null, author, "restored from the trash",
            null, false, RevisionKinds.Restore);
        if (result is EditResult.Saved)
        {
            tx.Commit();
            Changed();
        }
        return result;
    }

    private static int? SafeOrder(string text)
    {
        try { return FrontMatter.Parse(text).Meta.Order; }
        catch (ContentException) { return null; }
    }

    private static string? Trim(string? message) => string.IsNullOrWhiteSpace(message) ? null : message.Trim();

    /// <summary>Every cached page and API answer may show the article (lists, related, practice): all are evicted.</summary>
    internal void Changed() => cache.EvictByTagAsync(ContentImportService.CacheTag, CancellationToken.None).AsTask().GetAwaiter().GetResult();
}
