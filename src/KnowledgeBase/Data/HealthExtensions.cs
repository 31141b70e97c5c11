using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeBase.Data;

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
            return Task.FromResult(HealthCheckResult.Unhealthy("database unreachable", ex));
        }
    }
}

public static class HealthExtensions
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }

    public static IEndpointConventionBuilder MapHealth(this IEndpointRouteBuilder app) =>
        app.MapHealthChecks("/healthz").DisableHttpMetrics();
}
