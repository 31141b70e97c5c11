using System.Reflection;
using Dapper;

namespace KnowledgeBase.Data;

/// <summary>
/// Applies the embedded <c>Data/Migrations/NNN_name.sql</c> scripts in order, tracking the last one
/// applied in <c>PRAGMA user_version</c>.
/// </summary>
public static class Migrator
{
    public static int Migrate(Db db)
    {
        using var connection = db.Open();
        // WAL is a property of the database file: set once, readers then never block the importer.
        connection.Execute("PRAGMA journal_mode = WAL;");
        var current = connection.ExecuteScalar<int>("PRAGMA user_version;");
        foreach (var (version, sql) in Scripts().Where(s => s.Version > current))
        {
            using var tx = connection.BeginTransaction();
            connection.Execute(sql, transaction: tx);
            // PRAGMA takes no parameters; version is an int parsed from our own resource name.
            connection.Execute($"PRAGMA user_version = {version};", transaction: tx);
            tx.Commit();
            current = version;
        }
        return current;
    }

    internal static IEnumerable<(int Version, string Sql)> Scripts()
    {
        var assembly = typeof(Migrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Data.Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[(n.IndexOf(".Data.Migrations.", StringComparison.Ordinal) + ".Data.Migrations.".Length)..];
                var version = int.Parse(file[..file.IndexOf('_')], System.Globalization.CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (version, reader.ReadToEnd());
            })
            .OrderBy(s => s.version);
    }
}
