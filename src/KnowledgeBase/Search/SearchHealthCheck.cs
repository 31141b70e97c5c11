using Dapper;
using KnowledgeBase.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeBase.Search;

/// <summary>
/// Unhealthy when FTS5's own integrity-check finds the index inconsistent with its content, or when the
/// index does not hold exactly the imported articles (a sync was lost).
/// </summary>
public sealed class SearchIndexHealthCheck(Db db) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = db.Open();
            connection.Execute("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 0)");
            const string mismatchSql = """
                SELECT (SELECT COUNT(*) FROM articles WHERE id NOT IN (SELECT rowid FROM search_index))
                     + (SELECT COUNT(*) FROM search_index WHERE rowid NOT IN (SELECT id FROM articles))
                """;
            var mismatched = connection.ExecuteScalar<long>(mismatchSql);
            return Task.FromResult(mismatched == 0
                ? HealthCheckResult.Healthy("search index consistent")
                : HealthCheckResult.Unhealthy($"search index out of sync: {mismatched} rows differ from articles"));
        }
        catch (SqliteException ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("search index corrupt or missing", ex));
        }
    }
}
