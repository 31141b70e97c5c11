using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeBase.Calculators;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Articles;

/// <summary>No page over 300 KB: an article's calculator pictures are drawn into its HTML, so a big tensor must not
/// become a big page (an article with four normalization pictures was 2.2 MB).</summary>
[Collection(ContentHost.Name)]
public sealed class PageSizeTests(KbFactory factory)
{
    private const int MaxPageBytes = 300 * 1024;
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<int> SizeAsync(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    [Fact]
    public async Task Every_shipped_article_page_is_under_300_KB()
    {
        var list = await _client.GetFromJsonAsync<JsonElement>("/api/articles?limit=500");
        var ran = 0;
        foreach (var item in list.EnumerateArray())
        {
            var url = item.GetProperty("url").GetString()!;
            var size = await SizeAsync(url);
            Assert.True(size < MaxPageBytes, $"{url} is {size:N0} bytes");
            ran++;
        }
        Assert.True(ran >= 10, $"only {ran} articles");
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("layer")]
    [InlineData("instance")]
    [InlineData("group")]
    public async Task Normalization_page_with_the_largest_shape_is_under_300_KB(string kind)
    {
        // Every size is within 2^53 and so is their product (the calculator's limit); 5 sizes is the most it takes.
        var url = CalcPictures.PagePath("normalization") + $"?kind={kind}&shape=64,1024,128,128,64&numGroups=32";
        var size = await SizeAsync(url);
        Assert.True(size < MaxPageBytes, $"{url} is {size:N0} bytes");
    }
}
