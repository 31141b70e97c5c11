using System.Net;
using System.Text;
using KnowledgeBase.Pages;
using KnowledgeBase.Search;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Hosting;

/// <summary>Caches keyed by what users send stay within a fixed size, whatever they send.</summary>
public sealed class CacheLimitTests
{
    [Fact]
    public void Every_code_point_tokenizes_and_the_fold_cache_stays_bounded()
    {
        var sb = new StringBuilder();
        var tokenized = 0;
        for (var cp = 0x80; cp <= 0x10FFFF; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF) { continue; }
            sb.Clear().Append('a').Append(char.ConvertFromUtf32(cp)).Append('b');
            TextNormalizer.Tokenize(sb.ToString()); // must not throw (U+FFFE, U+FDD0, U+10FFFF …)
            tokenized++;
        }
        // Lone surrogates too.
        TextNormalizer.Tokenize("a\uD800b\uDC00c\uDBFF");
        Assert.Equal(0x10FFFF + 1 - 0x80 - 0x800, tokenized);
        Assert.InRange(TextNormalizer.FoldCacheCount, 1, TextNormalizer.FoldCacheCapacity);
    }

    [Theory]
    [InlineData("\uFFFE", new string[0])]
    [InlineData("BN\uFFFE的", new[] { "bn", "的" })]
    [InlineData("x\uFDD0y", new[] { "x", "y" })]
    [InlineData("ａ\U0010FFFFｂ", new[] { "a", "b" })]
    public void Noncharacters_separate_tokens(string text, string[] expected) =>
        Assert.Equal(expected, TextNormalizer.Tokenize(text).Select(t => t.Text));

    [Fact]
    public void The_output_cache_has_an_explicit_size_limit()
    {
        using var factory = new KbFactory();
        var options = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OutputCacheOptions>>().Value;
        Assert.Equal(SiteSetup.OutputCacheBytes, options.SizeLimit);
        Assert.True(options.SizeLimit <= 64L * 1024 * 1024);
    }

    /// <summary>
    /// A page cached per query string, requested with many distinct query strings: with a small limit, fewer
    /// of them can be served from the cache afterwards than the limit holds (without the limit, all would be). (The output cache marks a
    /// response served from the cache with an Age header.)
    /// </summary>
    [Fact]
    public async Task Distinct_query_strings_cannot_grow_the_output_cache_past_its_limit()
    {
        const long limit = 400 * 1024;
        using var factory = new KbFactory();
        using var limited = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.Configure<OutputCacheOptions>(o => o.SizeLimit = limit)));
        var client = limited.CreateClient();
        var first = await client.GetAsync("/a/rnn-lstm-gru-params?x=0");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var pageBytes = (await first.Content.ReadAsByteArrayAsync()).Length;
        Assert.True(pageBytes > 10_000, $"{pageBytes} bytes");
        var again = await client.GetAsync("/a/rnn-lstm-gru-params?x=0");
        Assert.True(again.Headers.Age.HasValue, "the page should be served from the output cache");

        const int distinct = 200; // ~15× what the limit holds
        for (var i = 1; i < distinct; i++) { await client.GetAsync($"/a/rnn-lstm-gru-params?x={i}"); }
        await Task.Delay(200); // compaction runs in the background
        // Newest first: the survivors are the most recent pages, and each miss below evicts the least recently used.
        // A hit on x=i can only be an entry from the first pass, so hits never exceed what the cache held.
        var hits = 0;
        for (var i = distinct - 1; i >= 0; i--)
        {
            if ((await client.GetAsync($"/a/rnn-lstm-gru-params?x={i}")).Headers.Age.HasValue) { hits++; }
        }
        Assert.InRange(hits, 1, limit / pageBytes);
    }
}
