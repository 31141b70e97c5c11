using KnowledgeBase.Content;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Editing;

/// <summary>
/// The database is the truth for an article once it was edited in the browser (saved, renamed, moved, deleted):
/// the importer then keeps the browser's version, and a file that changed since the last import is stored as a
/// conflict revision for an admin to look at (/admin/conflicts), once per file version. Articles nobody edited
/// follow their files as before, each changed file becoming an import revision.
/// </summary>
public sealed class ImportGuard(RevisionStore store) : IImportGuard
{
    public const string ImportAuthor = "content/";

    public ImportVerdict Decide(SqliteConnection connection, SqliteTransaction tx, string slug, string hash, bool unchanged)
    {
        var source = store.Source(connection, tx, slug);
        if (source is { Edited: true } s)
        {
            return s.FileHash == hash ? ImportVerdict.Keep : ImportVerdict.Conflict;
        }
        // An unchanged row whose file has no revision yet (a database from before revisions) is imported once more
        // to record its text: export and history need every article's text.
        return unchanged && source?.FileHash == hash ? ImportVerdict.Keep : ImportVerdict.Import;
    }

    public void Imported(SqliteConnection connection, SqliteTransaction tx, ArticleFile file)
    {
        store.SetFileHash(connection, tx, file.Slug, file.Hash);
        // The article's row now holds the file's text: the revision refers to it rather than keeping a second copy.
        var current = store.Current(connection, tx, file.Slug);
        if (current?.Text != file.Text)
        {
            store.Add(connection, tx, file.Slug, RevisionKinds.Import, ImportAuthor, null, file.Category, file.Text, file.Hash, inArticle: true);
        }
        else
        {
            store.ReferToArticle(connection, tx, current.Id);
        }
    }

    public void Conflict(SqliteConnection connection, SqliteTransaction tx, ArticleFile file)
    {
        store.SetFileHash(connection, tx, file.Slug, file.Hash);
        var slug = store.Resolve(connection, tx, file.Slug);
        store.Add(connection, tx, slug, RevisionKinds.Conflict, ImportAuthor, "content/" + file.SourcePath, file.Category, file.Text, file.Hash);
    }

    public bool KeepWithoutFile(SqliteConnection connection, SqliteTransaction tx, string slug) =>
        store.Source(connection, tx, slug) is { Edited: true };

    public bool CategoriesEdited(SqliteConnection connection, SqliteTransaction tx) =>
        store.Flag(connection, tx, RevisionStore.CategoriesEditedFlag);
}
