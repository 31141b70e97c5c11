using KnowledgeBase.Data;
using KnowledgeBase.Search;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Content;

/// <summary>
/// Migrates and imports before Kestrel starts listening (hosted services start first), then re-imports
/// when files under content/ change, so editing an article shows up without a restart.
/// </summary>
public sealed class ContentImportService(
    Db db,
    ContentImporter importer,
    IOptions<ContentOptions> options,
    IOutputCacheStore cache,
    SynonymProvider synonyms,
    SearchService search,
    ILogger<ContentImportService> logger) : IHostedService, IDisposable
{
    public const string CacheTag = "content";

    private FileSystemWatcher? _watcher;
    private Timer? _debounce;
    private readonly Lock _gate = new();

    /// <summary>Raised after an import that changed something, for work that must follow every change (checks, caches).</summary>
    public event Action<ImportResult>? Imported;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Migrator.Migrate(db);
        var path = options.Value.ContentPath;
        if (options.Value.ImportOnStart)
        {
            RunImport(path);
        }
        if (options.Value.WatchContent && Directory.Exists(path))
        {
            _debounce = new Timer(_ => RunImport(path));
            _watcher = new FileSystemWatcher(path)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                EnableRaisingEvents = true,
            };
            FileSystemEventHandler onChange = (_, _) => _debounce.Change(TimeSpan.FromMilliseconds(300), Timeout.InfiniteTimeSpan);
            _watcher.Changed += onChange;
            _watcher.Created += onChange;
            _watcher.Deleted += onChange;
            _watcher.Renamed += (_, _) => _debounce.Change(TimeSpan.FromMilliseconds(300), Timeout.InfiniteTimeSpan);
        }
        return Task.CompletedTask;
    }

    /// <summary>Never throws: it runs at start-up and on the watcher's timer thread, where an escaping exception ends the process.</summary>
    public ImportResult RunImport(string path)
    {
        lock (_gate)
        {
            try
            {
                // Search reads synonyms only from memory; a changed synonyms.yml alone also arrives here (the watcher).
                synonyms.Load(importer.ReadSynonyms(path));
                var result = importer.Import(path);
                // Always, not only when an article changed: a changed synonyms.yml alone re-indexes the words.
                search.ClearCache();
                if (result.Changed)
                {
                    cache.EvictByTagAsync(CacheTag, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                    Imported?.Invoke(result);
                }
                if (result.Added + result.Updated >= BulkImport)
                {
                    ReleaseMemory();
                }
                return result;
            }
            catch (Exception ex)
            {
                // The importer skips bad files itself; what reaches here (a locked or full database, a folder that
                // vanished, a bug) must not take the site down either. The last good import stays; the next change retries.
                logger.LogError(ex, "Content import from {Path} failed", path);
                return new ImportResult(0, 0, 0, 0, []);
            }
        }
    }

    /// <summary>Articles written by one import from which on it is a bulk import (the first import, a changed renderer).</summary>
    private const int BulkImport = 256;

    /// <summary>
    /// A bulk import leaves the heap sized for thousands of articles in flight (rendered HTML, tokens, words, the
    /// compressed texts; some in the large-object heap) while the site then serves from the database. One blocking,
    /// compacting collection that gives the freed memory back to the system, once per bulk import, keeps the
    /// resident memory to what serving needs.
    /// </summary>
    private static void ReleaseMemory()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher?.Dispose();
        _watcher = null;
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
    }
}

public static class ContentExtensions
{
    public static IServiceCollection AddContent(this IServiceCollection services)
    {
        services.AddOptions<ContentOptions>().BindConfiguration(ContentOptions.Section)
            .PostConfigure(o => o.ContentPath = ContentOptions.Resolve(o.ContentPath))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IImportGuard, FilesOnlyGuard>();
        services.AddSingleton<ContentImporter>();
        services.AddSingleton<ContentImportService>();
        services.AddHostedService(sp => sp.GetRequiredService<ContentImportService>());
        return services;
    }
}
