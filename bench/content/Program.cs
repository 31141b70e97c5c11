// Import time of generated pathological article files against a normal article, each imported alone into a
// fresh database with the default ContentOptions limits (what a running site does when such a file appears).
// Usage: dotnet run -c Release --project bench/content -- [rounds]   (default 3; the best round is reported)
using System.Diagnostics;
using KnowledgeBase.Articles;
using KnowledgeBase.Content;
using KnowledgeBase.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

var rounds = args.Length > 0 ? int.Parse(args[0]) : 3;
var normal = File.ReadAllText(Path.Combine(FindRepo(), "content", "cnn", "pooling-backprop.md"));
static string Article(string body) => "---\ntitle: 病态\ntags: [x]\n---\n" + body;
var cases = new (string Name, string Text)[]
{
    ("normal article (content/cnn/pooling-backprop.md)", normal),
    ("1,000 identical headings (at the limit, imported)", Article(string.Concat(Enumerable.Repeat("## 同名\n", 1_000)))),
    ("20,000 identical headings", Article(string.Concat(Enumerable.Repeat("## 同名\n", 20_000)))),
    ("300 nested > quotes", Article(new string('>', 300) + " 引用\n")),
    ("40 nested > quotes", Article(new string('>', 40) + " 引用\n")),
    ("100,000 nested <div>", Article(string.Concat(Enumerable.Repeat("<div>", 100_000)))),
    ("U+FFFE in the body", Article("## 答案\n\n坏\uFFFE字\n")),
    ("600 KB file", Article(new string('长', 200_000))),
};

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
Console.WriteLine("| file | bytes | outcome | import, best of " + rounds + " (ms) | ratio to normal |");
Console.WriteLine("|---|---:|---|---:|---:|");
Import(cases[0].Text); // warm-up: JIT, SQLite
double? baseline = null;
foreach (var (name, text) in cases)
{
    var best = double.MaxValue;
    var outcome = "";
    for (var r = 0; r < rounds; r++)
    {
        var (ms, o) = Import(text);
        best = Math.Min(best, ms);
        outcome = o;
    }
    baseline ??= best;
    Console.WriteLine($"| {name} | {System.Text.Encoding.UTF8.GetByteCount(text):N0} | {outcome} | {best:F1} | {best / baseline:F2} |");
}

static (double Ms, string Outcome) Import(string text)
{
    var dir = Path.Combine(Path.GetTempPath(), "kb-content-bench", Guid.NewGuid().ToString("N"));
    var content = Path.Combine(dir, "content");
    Directory.CreateDirectory(Path.Combine(content, "cnn"));
    File.WriteAllText(Path.Combine(content, "categories.yml"), "- slug: cnn\n  name: 卷积\n");
    File.WriteAllText(Path.Combine(content, "cnn", "case.md"), text);
    try
    {
        var db = new Db($"Data Source={Path.Combine(dir, "bench.db")}");
        Migrator.Migrate(db);
        var log = new LastWarning();
        var importer = new ContentImporter(db, new ArticleRenderer(), Options.Create(new ContentOptions()), log);
        var watch = Stopwatch.StartNew();
        var result = importer.Import(content);
        watch.Stop();
        return (watch.Elapsed.TotalMilliseconds, result.Added == 1 ? "imported" : "skipped: " + log.Message);
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, true);
    }
}

static string FindRepo()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "KnowledgeBase.sln"))) { return dir.FullName; }
    }
    throw new InvalidOperationException("KnowledgeBase.sln not found");
}

sealed class LastWarning : ILogger<ContentImporter>
{
    public string Message { get; private set; } = "";
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel == LogLevel.Warning) { Message = formatter(state, exception).Replace("|", "\\|", StringComparison.Ordinal); }
    }
}
