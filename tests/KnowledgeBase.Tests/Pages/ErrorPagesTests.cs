using System.Net;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Tests.Pages;

/// <summary>
/// When the database breaks under a running site (disk replaced, file corrupted), people get the friendly
/// error page, API callers problem+json, and /healthz says unhealthy — never a stack trace.
/// </summary>
public sealed class ErrorPagesTests : IDisposable
{
    private readonly KbFactory _factory = new();

    private HttpClient BreakDatabase()
    {
        var client = _factory.CreateClient(); // starts the host: migrate + import into a good file
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "-wal", "-shm" }) { File.Delete(_factory.DatabasePath + suffix); }
        File.WriteAllBytes(_factory.DatabasePath, System.Text.Encoding.ASCII.GetBytes(new string('x', 8192)));
        return client;
    }

    [Fact]
    public async Task A_broken_database_gives_friendly_errors_everywhere()
    {
        var client = BreakDatabase();

        var page = await client.GetAsync("/c/cnn");
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("出错了", html, StringComparison.Ordinal);
        Assert.DoesNotContain("SqliteException", html, StringComparison.Ordinal);

        var api = await client.GetAsync("/api/articles");
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("SqliteException", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
    }

    public void Dispose() => _factory.Dispose();
}
