using System.Net;
using System.Text.Json;
using Dapper;
using KnowledgeBase.Content;
using KnowledgeBase.Data;
using KnowledgeBase.Hosting;
using KnowledgeBase.Search;
using KnowledgeBase.Tests.Infrastructure;
using KnowledgeBase.Tests.Search;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Hosting;

/// <summary>/healthz is cheap liveness, /readyz readiness with the last search-index integrity result.</summary>
public sealed class HealthTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> Ready(HttpClient client)
    {
        var response = await client.GetAsync("/readyz");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private static string CheckStatus(JsonElement body, string name) => body.GetProperty("checks").GetProperty(name).GetProperty("status").GetString()!;

    [Fact]
    public async Task Healthz_and_readyz_are_healthy_after_start_up()
    {
        using var factory = new KbFactory();
        var client = factory.CreateClient();
        var live = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());

        var (status, body) = await Ready(client);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal(["import", "database", "search"], body.GetProperty("checks").EnumerateObject().Select(p => p.Name));
        Assert.All(["import", "database", "search"], name => Assert.Equal("Healthy", CheckStatus(body, name)));
        Assert.Contains("search index consistent", body.GetProperty("checks").GetProperty("search").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Matches(@"^\d+ articles$", body.GetProperty("checks").GetProperty("database").GetProperty("description").GetString());
    }

    /// <summary>A writer holding the database (an import, a backup) must not make the probes fail or wait.</summary>
    [Fact]
    public async Task Probes_answer_while_another_connection_holds_the_write_lock()
    {
        using var factory = new KbFactory();
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        using var writer = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False");
        writer.Open();
        using var tx = writer.BeginTransaction(deferred: false);
        writer.Execute("UPDATE articles SET title = title WHERE id = (SELECT MIN(id) FROM articles)", transaction: tx);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var (status, body) = await Ready(client);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", CheckStatus(body, "search"));
        tx.Rollback();
    }

    [Fact]
    public async Task Readyz_reports_the_integrity_check_run_after_each_import_not_per_probe()
    {
        var content = SearchCorpusFixture.CopyCorpus();
        using var factory = new KbFactory(content);
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await Ready(client)).Status);

        using (var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False"))
        {
            connection.Open();
            // Damage a page of the inverted index behind FTS5's back.
            connection.Execute("UPDATE search_index_data SET block = zeroblob(length(block)) WHERE id = (SELECT MAX(id) FROM search_index_data)");
        }
        // Probes only read the last result.
        Assert.Equal(HttpStatusCode.OK, (await Ready(client)).Status);

        // An import that changes something runs the check again.
        var article = Directory.EnumerateFiles(content, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Last();
        File.AppendAllText(article, "\n\n补充一句。\n");
        Assert.True(factory.Services.GetRequiredService<ContentImportService>().RunImport(content).Changed);
        var (status, body) = await Ready(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", CheckStatus(body, "search"));
        Assert.Contains("corrupt", body.GetProperty("checks").GetProperty("search").GetProperty("description").GetString(), StringComparison.Ordinal);
        // Liveness is not about the index.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        var integrity = factory.Services.GetRequiredService<SearchIndexIntegrity>();
        using (var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False"))
        {
            connection.Open();
            StoredText.Register(connection);
            // A contentless index cannot 'rebuild' itself: emptied, the indexer writes every article again.
            connection.Execute("INSERT INTO search_index (search_index) VALUES ('delete-all')");
            Assert.True(SearchIndexer.Sync(connection, null) > 0);
            Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, integrity.Check().Status);
            // A consistent index, but one article short: out of sync with articles.
            connection.Execute("DELETE FROM search_index WHERE rowid = (SELECT MIN(id) FROM articles)");
        }
        Assert.Equal(HttpStatusCode.OK, (await Ready(client)).Status);
        Assert.Contains("out of sync", integrity.Check().Description, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Ready(client)).Status);
    }

    [Theory]
    [InlineData(null, null, "http://127.0.0.1:8080/healthz")]
    [InlineData(null, "8081", "http://127.0.0.1:8081/healthz")]
    [InlineData("http://+:5000", "8080", "http://127.0.0.1:5000/healthz")]
    [InlineData("https://+:443;http://0.0.0.0:5001", null, "http://127.0.0.1:5001/healthz")]
    [InlineData("http://127.0.0.1:41234/", null, "http://127.0.0.1:41234/healthz")]
    [InlineData(null, "not-a-port", "http://127.0.0.1:8080/healthz")]
    public void Healthcheck_command_finds_the_port_as_kestrel_does(string? urls, string? ports, string expected) =>
        Assert.Equal(expected, HealthCheckCommand.DefaultUrl(name => name switch
        {
            "ASPNETCORE_URLS" => urls,
            "ASPNETCORE_HTTP_PORTS" => ports,
            _ => null,
        }));

    [Fact]
    public async Task Healthcheck_command_exits_0_for_a_live_app_and_1_otherwise()
    {
        using var factory = new KbFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

        Assert.True(HealthCheckCommand.IsRequested(["healthcheck"]));
        Assert.False(HealthCheckCommand.IsRequested(["--urls", "healthcheck"]));
        Assert.Equal(0, await HealthCheckCommand.RunAsync(["healthcheck", address + "/healthz"]));
        Assert.Equal(1, await HealthCheckCommand.RunAsync(["healthcheck", address + "/no-such-probe"]));
        Assert.Equal(1, await HealthCheckCommand.RunAsync(["healthcheck", "http://127.0.0.1:1/healthz"]));
    }
}
