using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Tests.Editing;

/// <summary>
/// The app as a real child process (<c>dotnet KnowledgeBase.dll</c>, its own temporary database), killed with SIGKILL
/// while saves are streaming in: every save it acknowledged is in the database afterwards.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kb-crash", Guid.NewGuid().ToString("N"));
    private readonly string _dll = Path.Combine(AppContext.BaseDirectory, "KnowledgeBase.dll");

    private string Database => Path.Combine(_dir, "kb.db");
    private string Content => Path.Combine(_dir, "content");

    public CrashSafetyTests()
    {
        Directory.CreateDirectory(Path.Combine(Content, "cnn"));
        File.WriteAllText(Path.Combine(Content, "categories.yml"), "- slug: cnn\n  name: 卷积\n");
        File.WriteAllText(Path.Combine(Content, "cnn", "seed.md"), "---\ntitle: 种子\n---\n正文\n");
    }

    private ProcessStartInfo Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(_dll);
        foreach (var a in args) { info.ArgumentList.Add(a); }
        info.Environment["ConnectionStrings__KnowledgeBase"] = $"Data Source={Database}";
        info.Environment["KnowledgeBase__ContentPath"] = Content;
        info.Environment["KnowledgeBase__WatchContent"] = "false";
        info.Environment["KB_ADMIN_PASSWORD"] = "crash test password 123";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return info;
    }

    private async Task<string> RunToEnd(params string[] args)
    {
        using var process = Process.Start(Start(args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(process.ExitCode == 0, $"{string.Join(' ', args)}: {await error}");
        return (await output).Trim();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Killing_the_process_during_a_stream_of_saves_loses_no_acknowledged_save()
    {
        Assert.True(File.Exists(_dll), _dll);
        await RunToEnd("create-admin", "bot");
        var token = (await RunToEnd("create-token", "bot")).Split('\n')[^1].Trim();

        var port = FreePort();
        var info = Start();
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        using var app = Process.Start(info)!;
        app.OutputDataReceived += (_, _) => { };
        app.ErrorDataReceived += (_, _) => { };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await WaitReady(client, app);

        // Four writers, each a chain of saves on its own article; an acknowledgement is a 200/201 with its revision.
        var acknowledged = new ConcurrentBag<(string Slug, long Revision, string Markdown)>();
        using var stop = new CancellationTokenSource();
        async Task Writer(int w)
        {
            var slug = $"crash-{w}";
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var markdown = $"写入 {w}-{i}\n";
                try
                {
                    using var response = await client.PutAsync("/api/articles/" + slug,
                        JsonContent.Create(new { title = $"崩溃测试 {w}", category = "cnn", markdown }), stop.Token);
                    if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created)
                    {
                        var revision = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("revision").GetInt64();
                        acknowledged.Add((slug, revision, markdown));
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    return; // the process is gone
                }
            }
        }
        var writers = Enumerable.Range(0, 4).Select(Writer).ToArray();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (acknowledged.Count < 40 && DateTime.UtcNow < deadline && !app.HasExited) { await Task.Delay(20); }
        app.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush
        await app.WaitForExitAsync();
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.True(acknowledged.Count >= 40, $"only {acknowledged.Count} saves acknowledged before the kill");
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={Database}");
        connection.Open();
        KnowledgeBase.Data.StoredText.Register(connection);
        foreach (var (slug, revision, markdown) in acknowledged)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT unpack(text) FROM revisions WHERE slug = $slug AND revision = $revision";
            command.Parameters.AddWithValue("$slug", slug);
            command.Parameters.AddWithValue("$revision", revision);
            var text = command.ExecuteScalar() as string;
            Assert.True(text is not null && text.EndsWith(markdown, StringComparison.Ordinal), $"{slug} revision {revision} lost");
        }
        // And each article row holds at least its last acknowledged text.
        foreach (var last in acknowledged.GroupBy(a => a.Slug).Select(g => g.MaxBy(a => a.Revision)))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT MAX(revision) FROM revisions WHERE slug = $slug";
            command.Parameters.AddWithValue("$slug", last.Slug);
            Assert.True((long)command.ExecuteScalar()! >= last.Revision);
        }
    }

    private static async Task WaitReady(HttpClient client, Process app)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(app.HasExited, "the app exited before it was ready");
            try
            {
                using var response = await client.GetAsync("/readyz");
                if (response.IsSuccessStatusCode) { return; }
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        Assert.Fail("the app did not become ready within 3 minutes");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
