using System.Net;
using KnowledgeBase.Content;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Content;

/// <summary>
/// The running site while content changes under it: the file watcher re-imports, a poisoned file is skipped
/// and keeps its last good version, and the process survives (an exception on the watcher's timer thread
/// would end it, and this test run with it).
/// </summary>
public sealed class ContentWatcherTests : IDisposable
{
    private const string Article = "cnn/pooling-backprop.md";
    private readonly string _content = RepoPaths.CopyContent();
    private readonly KbFactory _factory;

    public ContentWatcherTests()
    {
        _factory = new KbFactory(_content);
    }

    private RunningSite Start(bool watch)
    {
        var host = _factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration((_, c) =>
            c.AddInMemoryCollection(new Dictionary<string, string?> { ["KnowledgeBase:WatchContent"] = watch ? "true" : "false" })));
        return new RunningSite(host.CreateClient(), host.Services.GetRequiredService<ContentImportService>());
    }

    private sealed record RunningSite(HttpClient Http, ContentImportService Import);

    [Fact]
    public async Task A_watcher_re_import_with_poisoned_files_keeps_the_last_good_versions_and_the_site_up()
    {
        var site = Start(watch: true);
        var before = await site.Http.GetStringAsync("/a/pooling-backprop");
        Assert.Contains("<h1", before, StringComparison.Ordinal);

        var imported = new TaskCompletionSource<ImportResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        site.Import.Imported += r => imported.TrySetResult(r);
        var path = Path.Combine(_content, Article);
        var good = File.ReadAllText(path);
        var frontMatterEnd = good.IndexOf("\n---", 3, StringComparison.Ordinal) + 5;
        // Valid front matter, a body Markdig refuses, and a body with U+FFFE in a second article.
        File.WriteAllText(path, good[..frontMatterEnd] + "## 被改坏\n\n" + new string('>', 300) + " 引用\n");
        var other = Path.Combine(_content, "cnn", "one-by-one-conv.md");
        File.WriteAllText(other, File.ReadAllText(other) + "\n坏字符\uFFFE\n");
        // A new good article: its arrival shows the re-import ran.
        File.WriteAllText(Path.Combine(_content, "cnn", "watch-probe.md"), "---\ntitle: 探针\n---\n## 探针\n\n正文\n");

        var result = await imported.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, result.Added);
        Assert.Equal(["cnn/one-by-one-conv.md", "cnn/pooling-backprop.md"], result.Skipped.Order().ToArray());
        Assert.Equal(HttpStatusCode.OK, (await site.Http.GetAsync("/a/watch-probe")).StatusCode);
        var after = await site.Http.GetStringAsync("/a/pooling-backprop");
        Assert.DoesNotContain("被改坏", after, StringComparison.Ordinal);
        Assert.Contains("</h1>", after, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await site.Http.GetAsync("/a/one-by-one-conv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await site.Http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Changing_only_categories_yml_refreshes_cached_pages()
    {
        var site = Start(watch: false);
        const string oldName = "卷积神经网络";
        const string newName = "卷积网络（改名）";
        Assert.Contains(oldName, await site.Http.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains(oldName, await site.Http.GetStringAsync("/c/cnn"), StringComparison.Ordinal);

        var categories = Path.Combine(_content, "categories.yml");
        File.WriteAllText(categories, File.ReadAllText(categories).Replace("name: " + oldName, "name: " + newName, StringComparison.Ordinal));
        var result = site.Import.RunImport(_content);

        Assert.True(result.Changed);
        Assert.Contains(newName, await site.Http.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains(newName, await site.Http.GetStringAsync("/c/cnn"), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _factory.Dispose();
        try { Directory.Delete(_content, true); } catch (IOException) { }
    }
}
