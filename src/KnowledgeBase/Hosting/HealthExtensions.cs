using System.Text.Json;
using Dapper;
using KnowledgeBase.Content;
using KnowledgeBase.Data;
using KnowledgeBase.Search;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeBase.Hosting;

/// <summary>
/// <c>/healthz</c> — liveness: the process answers and can reach SQLite (<c>SELECT 1</c>, no table read),
/// cheap enough to probe often. <c>/readyz</c> — readiness: the start-up import finished, the articles
/// table is readable, and the last search-index integrity check (run at start-up and after each import,
/// never per probe: it writes and scans the whole index) passed.
/// Both stay open on a private wiki (<c>RequireSignInToRead</c>): probes carry no sign-in.
/// </summary>
public static class HealthExtensions
{
    public const string Live = "live";
    public const string Ready = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddSingleton<StartupState>();
        // Registered after AddContent: hosted services start in order, so this one runs once the start-up import is done.
        services.AddHostedService<IntegrityAfterImport>();
        services.AddHealthChecks()
            .AddCheck<LivenessCheck>("process", tags: [Live])
            .AddCheck<StartupCheck>("import", tags: [Ready])
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<SearchIndexHealthCheck>("search", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Live) }).DisableHttpMetrics()
            .AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteReport })
            .DisableHttpMetrics().AllowAnonymous();
        return app;
    }

    /// <summary>Every check's status and description, so an operator sees why the site is not ready.</summary>
    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}

/// <summary>Whether the hosted services (migration and start-up import first among them) have all started.</summary>
public sealed class StartupState
{
    public volatile bool Started;
}

/// <summary>Runs the search-index integrity check once the start-up import is done, and again after every import that changed something.</summary>
public sealed class IntegrityAfterImport(ContentImportService import, SearchIndexIntegrity integrity, StartupState state) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        integrity.Check();
        import.Imported += OnImported;
        state.Started = true;
        return Task.CompletedTask;
    }

    private void OnImported(ImportResult result) => integrity.Check();

    public Task StopAsync(CancellationToken cancellationToken)
    {
        import.Imported -= OnImported;
        return Task.CompletedTask;
    }
}

public sealed class LivenessCheck(Db db) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = db.Open();
            connection.ExecuteScalar<long>("SELECT 1");
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or IOException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("database cannot be opened", ex));
        }
    }
}

public sealed class StartupCheck(StartupState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Started ? HealthCheckResult.Healthy("start-up import finished") : HealthCheckResult.Unhealthy("start-up import running"));
}

public sealed class DatabaseHealthCheck(Db db) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = db.Open();
            var articles = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM articles");
            return Task.FromResult(HealthCheckResult.Healthy($"{articles} articles"));
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("database unreadable", ex));
        }
    }
}
