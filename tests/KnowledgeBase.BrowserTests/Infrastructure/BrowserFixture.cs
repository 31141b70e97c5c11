using KnowledgeBase.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KnowledgeBase.BrowserTests.Infrastructure;

/// <summary>
/// The app on a real Kestrel port (its own temp SQLite file) and a real Chromium. Uses Playwright's own
/// browser when installed, else Debian's /usr/bin/chromium; fails loudly when there is neither.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public KbFactory Factory { get; } = new();
    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            Headless = true,
            ExecutablePath = ChromiumPath(),
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh page in Chinese locale that records console errors and failed requests.</summary>
    public async Task<(IPage Page, List<string> Errors)> NewPageAsync(string locale = "zh-CN")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = locale, BaseURL = BaseUrl });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, msg) => { if (msg.Type == "error") { errors.Add($"{msg.Text} ({msg.Location})"); } };
        page.PageError += (_, error) => errors.Add(error);
        page.RequestFailed += (_, request) => errors.Add($"request failed: {request.Url}");
        return (page, errors);
    }

    private static string? ChromiumPath()
    {
        var env = Environment.GetEnvironmentVariable("KB_CHROMIUM");
        if (!string.IsNullOrEmpty(env)) { return env; }
        var cache = Environment.GetEnvironmentVariable("PLAYWRIGHT_BROWSERS_PATH")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "ms-playwright");
        if (Directory.Exists(cache) && Directory.EnumerateDirectories(cache, "chromium*").Any()) { return null; }
        if (File.Exists("/usr/bin/chromium")) { return "/usr/bin/chromium"; }
        throw new InvalidOperationException(
            "No Chromium for the browser tests: install Debian's 'chromium' (apt-get install chromium fonts-wqy-zenhei) or set KB_CHROMIUM.");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) { await Browser.CloseAsync(); }
        _playwright?.Dispose();
        Factory.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
