using Dapper;
using KnowledgeBase.Data;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Editing;

/// <summary>
/// Admins' edits of the category list. The first edit sets a flag after which categories.yml no longer replaces
/// the list on import (<see cref="ImportGuard.CategoriesEdited"/>); export writes it back as categories.yml.
/// </summary>
public sealed class CategoryStore(Db db, RevisionStore flags)
{
    public bool Exists(SqliteConnection connection, SqliteTransaction? tx, string slug)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM categories WHERE slug = @slug)";
        return connection.ExecuteScalar<bool>(sql, new { slug }, tx);
    }

    public void Save(string slug, string name, string? nameEn, string? description, int order)
    {
        const string sql = """
            INSERT INTO categories (slug, name, name_en, description, sort_order) VALUES (@slug, @name, @nameEn, @description, @order)
            ON CONFLICT(slug) DO UPDATE SET name = excluded.name, name_en = excluded.name_en,
                description = excluded.description, sort_order = excluded.sort_order
            """;
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        connection.Execute(sql, new { slug, name, nameEn, description, order }, tx);
        flags.SetFlag(connection, tx, RevisionStore.CategoriesEditedFlag);
        tx.Commit();
    }

    /// <summary>Only an empty category can be deleted: false when articles are still in it.</summary>
    public bool Delete(string slug)
    {
        const string sql = "DELETE FROM categories WHERE slug = @slug AND NOT EXISTS (SELECT 1 FROM articles WHERE category = @slug)";
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        var deleted = connection.Execute(sql, new { slug }, tx) > 0;
        flags.SetFlag(connection, tx, RevisionStore.CategoriesEditedFlag);
        tx.Commit();
        return deleted;
    }
}
