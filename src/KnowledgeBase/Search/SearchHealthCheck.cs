using Dapper;
using KnowledgeBase.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeBase.Search;

/// <summary>
/// FTS5's own integrity-check (is the inverted index consistent with its content?) plus a comparison of the
/// indexed rows with the imported articles (was a sync lost?). It writes and reads the whole index, so it
/// runs when asked (start-up, after an import) and keeps its result; health probes only read that result.
/// </summary>
public sealed class SearchIndexIntegrity(Db db, ILogger<SearchIndexIntegrity> logger)
{
    /// <summary>SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY: the check could not run, which says nothing about the index.</summary>
    private static readonly int[] CouldNotRun = [5, 6, 8];

    private volatile Checked? _last;

    private sealed record Checked(HealthCheckResult Result, DateTimeOffset At);

    public HealthCheckResult Last => _last is { } last
        ? new HealthCheckResult(last.Result.Status, $"{last.Result.Description} (checked {last.At:O})", last.Result.Exception)
        : HealthCheckResult.Unhealthy("search index not checked yet");

    public HealthCheckResult Check()
    {
        var result = Run();
        if (result.Status != HealthStatus.Healthy)
        {
            logger.LogError(result.Exception, "Search index check: {Description}", result.Description);
        }
        _last = new Checked(result, DateTimeOffset.UtcNow);
        return result;
    }

    private HealthCheckResult Run()
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
            return mismatched == 0
                ? HealthCheckResult.Healthy("search index consistent")
                : HealthCheckResult.Unhealthy($"search index out of sync: {mismatched} rows differ from articles");
        }
        catch (SqliteException ex) when (CouldNotRun.Contains(ex.SqliteErrorCode))
        {
            return HealthCheckResult.Degraded($"search index check could not run: {ex.Message}", ex);
        }
        catch (SqliteException ex)
        {
            return HealthCheckResult.Unhealthy("search index corrupt or missing", ex);
        }
        catch (Exception ex)
        {
            // Runs on the import path: whatever goes wrong is a health result, never an import failure.
            return HealthCheckResult.Unhealthy("search index check failed", ex);
        }
    }
}

/// <summary>Reports the last <see cref="SearchIndexIntegrity"/> result; never touches the database.</summary>
public sealed class SearchIndexHealthCheck(SearchIndexIntegrity integrity) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(integrity.Last);
}
