using System.Net;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace KnowledgeBase.Tests.Pages;

/// <summary>
/// /media serves images from the content folder and nothing else: not through symbolic links that lead out
/// of it, not through <c>..</c> in the raw request path.
/// </summary>
public sealed class MediaTests : IDisposable
{
    private const string Image = "cnn/img/receptive-field-3x3.svg";
    private readonly string _content = RepoPaths.CopyContent();
    private readonly string _outside = Path.Combine(Path.GetTempPath(), "kb-outside", Guid.NewGuid().ToString("N"));
    private readonly KbFactory _factory;

    public MediaTests()
    {
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_outside, "secret.svg"), "<svg>outside secret</svg>");
        _factory = new KbFactory(_content);
        var img = Path.Combine(_content, "cnn", "img");
        File.CreateSymbolicLink(Path.Combine(img, "leak.png"), "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(img, "db.png"), _factory.DatabasePath);
        File.CreateSymbolicLink(Path.Combine(img, "secret.svg"), Path.Combine(_outside, "secret.svg"));
        Directory.CreateSymbolicLink(Path.Combine(img, "outside"), _outside);
        // A link that stays inside the folder is harmless and followed.
        File.CreateSymbolicLink(Path.Combine(img, "inside.svg"), Path.Combine(img, "receptive-field-3x3.svg"));
    }

    [Fact]
    public async Task Symbolic_links_out_of_the_content_folder_are_not_followed()
    {
        var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/media/" + Image)).StatusCode);
        var inside = await client.GetAsync("/media/cnn/img/inside.svg");
        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.Contains("<svg", await inside.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        foreach (var url in new[] { "/media/cnn/img/leak.png", "/media/cnn/img/db.png", "/media/cnn/img/secret.svg", "/media/cnn/img/outside/secret.svg" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
            Assert.DoesNotContain("SQLite format", body, StringComparison.Ordinal);
            Assert.DoesNotContain("outside secret", body, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// HttpClient and Kestrel both remove dot segments before the app sees them, so the path is set on the
    /// request itself through the test server: <c>..</c> really reaches the /media file provider.
    /// </summary>
    [Fact]
    public async Task Dot_segments_in_the_raw_path_reach_the_server_and_do_not_escape()
    {
        _factory.CreateClient().Dispose(); // starts the server
        async Task<HttpContext> Get(string path) =>
            await _factory.Server.SendAsync(c =>
            {
                c.Request.Method = HttpMethods.Get;
                c.Request.Path = new PathString(path);
            });

        // Control: a path with .. that stays inside the folder is resolved, so .. does reach the provider.
        var within = await Get("/media/cnn/../" + Image);
        Assert.Equal(StatusCodes.Status200OK, within.Response.StatusCode);

        // docs/screenshots/*.png and the outside folder exist and have allowed extensions: only the check keeps them out.
        var screenshot = Path.Combine(RepoPaths.Root, "docs", "screenshots", "home-light.png");
        Assert.True(File.Exists(screenshot));
        var up = Path.GetRelativePath(_content, screenshot).Replace('\\', '/');
        foreach (var path in new[] { "/media/" + up, "/media/cnn/../../" + up, "/media/" + Path.GetRelativePath(_content, Path.Combine(_outside, "secret.svg")).Replace('\\', '/') })
        {
            Assert.Contains("..", path, StringComparison.Ordinal);
            var context = await Get(path);
            Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
        }
    }

    public void Dispose()
    {
        _factory.Dispose();
        try { Directory.Delete(_content, true); } catch (IOException) { }
        try { Directory.Delete(_outside, true); } catch (IOException) { }
    }
}
