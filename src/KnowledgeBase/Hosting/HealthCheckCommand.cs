using System.Globalization;
using System.Text.RegularExpressions;

namespace KnowledgeBase.Hosting;

/// <summary>
/// <c>dotnet KnowledgeBase.dll healthcheck [url]</c>: asks the running app's <c>/healthz</c> and exits 0 when it
/// answers 200, else 1. The container's HEALTHCHECK uses it, so the image needs no curl. Runs before any host
/// is built: no configuration, database or content is touched.
/// </summary>
public static partial class HealthCheckCommand
{
    public const string Name = "healthcheck";

    public static bool IsRequested(string[] args) => args is [Name, ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : DefaultUrl(Environment.GetEnvironmentVariable);
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            using var response = await client.GetAsync(url);
            Console.WriteLine($"{url}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException or InvalidOperationException)
        {
            Console.Error.WriteLine($"{url}: {ex.Message}");
            return 1;
        }
    }

    /// <summary>
    /// The port the app listens on, read as Kestrel reads it: ASPNETCORE_URLS (its first http:// address) wins
    /// over ASPNETCORE_HTTP_PORTS; 8080 otherwise.
    /// </summary>
    internal static string DefaultUrl(Func<string, string?> env)
    {
        var port = env("ASPNETCORE_URLS")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            .Select(u => PortPattern().Match(u))
            .FirstOrDefault(m => m.Success)?.Groups[1].Value
            ?? env("ASPNETCORE_HTTP_PORTS")?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var number = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536 ? p : 8080;
        return $"http://127.0.0.1:{number}/healthz";
    }

    [GeneratedRegex(@":(\d+)/?$")]
    private static partial Regex PortPattern();
}
