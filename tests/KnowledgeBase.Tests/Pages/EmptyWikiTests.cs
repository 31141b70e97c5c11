using System.Net;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Pages;

/// <summary>A new wiki before anything is written: every page answers, none fails on empty result sets.</summary>
public sealed class EmptyWikiTests : IDisposable
{
    private readonly string _content;
    private readonly KbFactory _factory;

    public EmptyWikiTests()
    {
        _content = Path.Combine(Path.GetTempPath(), "kb-content", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_content);
        File.WriteAllText(Path.Combine(_content, "categories.yml"), "[]\n");
        _factory = new KbFactory(_content);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/recent")]
    [InlineData("/practice")]
    [InlineData("/search?q=BN")]
    [InlineData("/api/articles")]
    [InlineData("/api/practice")]
    [InlineData("/api/search?q=BN")]
    [InlineData("/calc")]
    public async Task Page_answers_on_an_empty_wiki(string url)
    {
        var response = await _factory.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public void Dispose()
    {
        _factory.Dispose();
        try { Directory.Delete(_content, recursive: true); } catch (IOException) { }
    }
}
