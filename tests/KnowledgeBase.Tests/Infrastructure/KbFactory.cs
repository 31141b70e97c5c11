using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace KnowledgeBase.Tests.Infrastructure;

/// <summary>
/// The real app over HTTP with its own temporary SQLite file (not :memory:, which vanishes with its last
/// connection). By default it imports the repository's content/; pass a folder to import another.
/// </summary>
public class KbFactory : WebApplicationFactory<Program>
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kb-tests", Guid.NewGuid().ToString("N"));

    public KbFactory() : this(null) { }

    // internal, not public: xunit class fixtures must have exactly one public constructor.
    internal KbFactory(string? contentPath)
    {
        Directory.CreateDirectory(_dir);
        DatabasePath = Path.Combine(_dir, "kb.db");
        ContentPath = contentPath ?? RepoPaths.Content;
    }

    public string DatabasePath { get; }
    public string ContentPath { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, config) =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:KnowledgeBase"] = $"Data Source={DatabasePath}",
                ["KnowledgeBase:ContentPath"] = ContentPath,
                ["KnowledgeBase:WatchContent"] = "false",
                // Tests sign in far more often than people; the rate-limit test sets its own limit.
                ["KnowledgeBase:SignInPermitLimit"] = "100000",
            };
            config.AddInMemoryCollection(settings);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public static string Content => Path.Combine(Root, "content");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KnowledgeBase.sln"))) { return dir.FullName; }
        }
        throw new InvalidOperationException("KnowledgeBase.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A scratch copy of content/ (or of another content folder) that a test may change.</summary>
    public static string CopyContent(string? source = null)
    {
        source ??= Content;
        var target = Path.Combine(Path.GetTempPath(), "kb-content", Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }
        return target;
    }
}
