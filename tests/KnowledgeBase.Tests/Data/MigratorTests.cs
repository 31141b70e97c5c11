using Dapper;
using KnowledgeBase.Data;

namespace KnowledgeBase.Tests.Data;

public sealed class MigratorTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "kb-migrate-" + Guid.NewGuid().ToString("N") + ".db");

    [Fact]
    public void Migrates_to_the_last_script_once_and_uses_wal()
    {
        var db = new Db($"Data Source={_file}");
        var expected = Migrator.Scripts().Max(s => s.Version);

        Assert.Equal(expected, Migrator.Migrate(db));
        Assert.Equal(expected, Migrator.Migrate(db)); // idempotent: a second run applies nothing and does not fail

        using var c = db.Open();
        Assert.Equal("wal", c.ExecuteScalar<string>("PRAGMA journal_mode;"));
        Assert.Equal(expected, c.ExecuteScalar<int>("PRAGMA user_version;"));
        Assert.Contains("articles", c.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table'"));
    }

    [Fact]
    public void Concurrent_start_ups_on_one_file_both_succeed()
    {
        var results = new int[4];
        Parallel.For(0, results.Length, i => results[i] = Migrator.Migrate(new Db($"Data Source={_file}")));
        Assert.All(results, v => Assert.Equal(Migrator.Scripts().Max(s => s.Version), v));
    }

    [Fact]
    public void Relative_database_paths_resolve_beside_the_app()
    {
        var resolved = DataExtensions.ResolveConnectionString("Data Source=data/x.db");
        Assert.Contains(Path.Combine(AppContext.BaseDirectory, "data", "x.db"), resolved, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" }) { File.Delete(f); }
    }
}
