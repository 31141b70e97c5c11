using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Data;

/// <summary>Opens one connection per unit of work, with the pragmas every connection needs.</summary>
public sealed class Db(string connectionString)
{
    public string ConnectionString { get; } = connectionString;

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // busy_timeout lets a reader wait for the importer instead of failing with SQLITE_BUSY.
        command.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;";
        command.ExecuteNonQuery();
        StoredText.Register(connection);
        return connection;
    }
}

public static class DataExtensions
{
    /// <summary>A command with its parameters declared once and prepared, so a batch binds and steps it without re-parsing.</summary>
    public static SqliteCommand Prepare(this SqliteConnection connection, SqliteTransaction? tx, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var name in parameters) { command.Parameters.Add(new SqliteParameter(name, null)); }
        command.Prepare();
        return command;
    }

    public const string DefaultConnectionString = "Data Source=data/knowledgebase.db";

    public static IServiceCollection AddData(this IServiceCollection services)
    {
        // Resolved when first needed, not while registering: configuration added later (test hosts,
        // environment-specific files) must win.
        services.AddSingleton(sp =>
        {
            var configured = sp.GetRequiredService<IConfiguration>().GetConnectionString("KnowledgeBase");
            return new Db(ResolveConnectionString(string.IsNullOrWhiteSpace(configured) ? DefaultConnectionString : configured));
        });
        return services;
    }

    /// <summary>
    /// A relative SQLite file is placed beside the app (not the working directory), and its folder is
    /// created, so the default works from any directory and in Docker.
    /// </summary>
    internal static string ResolveConnectionString(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            || builder.Mode == SqliteOpenMode.Memory)
        {
            return builder.ToString();
        }
        if (!Path.IsPathRooted(source))
        {
            source = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, source));
        }
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        builder.DataSource = source;
        if (builder.Pooling is false) { builder.Pooling = true; }
        return builder.ToString();
    }
}
