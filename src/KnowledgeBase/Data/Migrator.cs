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
        var scripts = Scripts().ToList();
        int current;
        while (true)
        {
            // BeginTransaction is BEGIN IMMEDIATE: a second process starting at the same moment waits here,
            // then re-reads the version and skips what the first one applied.
            using var tx = connection.BeginTransaction();
            current = connection.ExecuteScalar<int>("PRAGMA user_version;", transaction: tx);
            var next = scripts.FirstOrDefault(s => s.Version > current);
            if (next.Sql is null)
            {
                tx.Commit();
                break;
            }
            connection.Execute(next.Sql, transaction: tx);
            // PRAGMA takes no parameters; the version is an int parsed from our own resource name.
            connection.Execute($"PRAGMA user_version = {next.Version};", transaction: tx);
            tx.Commit();
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
