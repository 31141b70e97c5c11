using KnowledgeBase.Tests.Infrastructure;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KnowledgeBase.Content;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Search;

[Collection(SearchCorpusFixture.Name)]
public class SearchApiTests(SearchCorpusFixture fx)
{
    private async Task<JsonElement> Api(string query)
    {
        var response = await fx.Client.GetAsync("/api/search?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<string> Slugs(JsonElement body) =>
        body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("slug").GetString()!).ToList();

    [Fact]
    public async Task Returns_the_contract_shape_with_a_highlighted_snippet()
    {
        var body = await Api("q=" + Uri.EscapeDataString("BN 均值 方差"));
        Assert.Equal("BN 均值 方差", body.GetProperty("query").GetString());
        Assert.True(body.GetProperty("total").GetInt64() >= 1);
        var first = body.GetProperty("results")[0];
        Assert.Equal("batch-norm", first.GetProperty("slug").GetString());
        Assert.Equal("BN 的均值和方差是怎么计算和更新的？", first.GetProperty("title").GetString());
        Assert.Equal("normalization", first.GetProperty("category").GetString());
        Assert.Contains("BN", first.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("/a/batch-norm", first.GetProperty("url").GetString());
        var snippet = first.GetProperty("snippet").GetString()!;
        Assert.Contains("<mark>均值</mark>", snippet);
        Assert.Contains("<mark>方差</mark>", snippet);
        Assert.DoesNotContain('\u200B', snippet);
        Assert.True(first.GetProperty("score").GetDouble() > 0);
        Assert.Equal(["BN", "均值", "方差"], body.GetProperty("matchedTerms").EnumerateArray().Select(t => t.GetString()));
        Assert.Empty(body.GetProperty("missingTerms").EnumerateArray());
        Assert.False(body.GetProperty("partial").GetBoolean());
    }

    [Fact]
    public async Task Title_matches_rank_above_body_matches()
    {
        // "感受野" is in the title of receptive-field and only in the body of one-by-one-conv.
        var slugs = Slugs(await Api("q=" + Uri.EscapeDataString("感受野")));
        Assert.Equal("receptive-field", slugs[0]);
        Assert.Contains("one-by-one-conv", slugs);
        var scores = (await Api("q=" + Uri.EscapeDataString("感受野"))).GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
    }

    [Fact]
    public async Task Filters_by_category_and_tag()
    {
        var all = await Api("q=" + Uri.EscapeDataString("卷积") + "&limit=100");
        var inCnn = await Api("q=" + Uri.EscapeDataString("卷积") + "&limit=100&category=cnn");
        Assert.True(all.GetProperty("total").GetInt64() > inCnn.GetProperty("total").GetInt64());
        Assert.All(inCnn.GetProperty("results").EnumerateArray(), r => Assert.Equal("cnn", r.GetProperty("category").GetString()));
        Assert.True(inCnn.GetProperty("total").GetInt64() >= 2);

        var tagged = await Api("q=" + Uri.EscapeDataString("方差") + "&tag=BN");
        Assert.NotEmpty(Slugs(tagged));
        Assert.All(tagged.GetProperty("results").EnumerateArray(), r => Assert.Contains("BN", r.GetProperty("tags").EnumerateArray().Select(t => t.GetString())));
        Assert.DoesNotContain("bias-variance", Slugs(tagged));
        Assert.Equal(0, (await Api("q=BN&category=no-such-category")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Pages_with_limit_and_offset_and_reports_the_total()
    {
        var full = await Api("q=" + Uri.EscapeDataString("的") + "&limit=100");
        var total = full.GetProperty("total").GetInt64();
        Assert.True(total > 5, $"total {total}");
        Assert.Equal(total, full.GetProperty("results").GetArrayLength());
        var all = Slugs(full);

        var page1 = await Api("q=" + Uri.EscapeDataString("的") + "&limit=2");
        var page2 = await Api("q=" + Uri.EscapeDataString("的") + "&limit=2&offset=2");
        Assert.Equal(total, page1.GetProperty("total").GetInt64());
        Assert.Equal(total, page2.GetProperty("total").GetInt64());
        Assert.Equal(all.Take(4), Slugs(page1).Concat(Slugs(page2)));

        var beyond = await Api("q=" + Uri.EscapeDataString("的") + "&offset=1000");
        Assert.Empty(Slugs(beyond));
        Assert.Equal(total, beyond.GetProperty("total").GetInt64());

        var defaults = await Api("q=" + Uri.EscapeDataString("的"));
        Assert.Equal(Math.Min(10, total), defaults.GetProperty("results").GetArrayLength());
        var capped = await Api("q=" + Uri.EscapeDataString("的") + "&limit=100000");
        Assert.Equal(Math.Min(100, total), capped.GetProperty("results").GetArrayLength());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("offset=1.5", "offset")]
    public async Task Bad_paging_parameters_get_problem_json_naming_the_field(string parameter, string field)
    {
        var response = await fx.Client.GetAsync("/api/search?q=BN&" + parameter);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    public static TheoryData<string> Hostile => new()
    {
        "\"", "\"\"\"", "NOT", "NOT BN", "BN NOT", "NEAR(", "NEAR(BN LSTM, 2)", "BN:", "title:BN", "{title}: BN", "C++", "ResNet-50",
        "*", "BN*", "\"unbalanced", "a\"b", "(", ")", "((BN", "AND", "OR OR", "^BN", "-BN", "+BN", "' OR 1=1 --", "%", "_", "\\",
        "<script>alert(1)</script>", "\u0000", "\u0001\u0007\u001b[31m", "\u200B", "\uFEFF", "😀", "🤖 LSTM", "👨‍👩‍👧", "𠀀𠀁",
        new string('梯', 5000), string.Concat(Enumerable.Repeat("BN ", 2000)), string.Concat(Enumerable.Repeat("\"NOT(", 1000)),
        "ＢＮ：均值", "　", "\t\n\r",
        // Question search: noncharacters, the private-use character of synonym group tokens, question words only,
        // operators inside a question, a 60-concept question, a dimension next to operators.
        "\uFFFE", "\uFFFF为什么", "BN\uFDD0的作用", "\uE001", "\uE0011", "\uE000 \uE001 0", "为什么", "what is the", "是什么 吗 呢",
        "为什么 NOT BN 不能 NEAR(LSTM)", "\"感受野\" OR \"反向传播\"", "怎么 {title}: 过拟合*", "1 x 1 AND 3*3 OR nn.Linear",
        string.Join(' ', Enumerable.Range(0, 60).Select(i => "词" + i)), string.Concat(Enumerable.Repeat("为什么要用BN？", 500)),
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Hostile_queries_never_fail_the_api(string q)
    {
        var response = await fx.Client.GetAsync("/api/search?q=" + Uri.EscapeDataString(q));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Array, body.GetProperty("results").ValueKind);
        Assert.True(body.GetProperty("query").GetString()!.Length <= 200);

        var suggest = await fx.Client.GetAsync("/api/search/suggest?q=" + Uri.EscapeDataString(q));
        Assert.Equal(HttpStatusCode.OK, suggest.StatusCode);
        // No typed character can reach a synonym group token: only a real synonym finds those articles.
        Assert.DoesNotContain(body.GetProperty("matchedTerms").EnumerateArray(), t => t.GetString()!.Contains('\uE001'));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Hostile_queries_never_fail_the_page(string q)
    {
        var response = await fx.Client.GetAsync("/search?q=" + Uri.EscapeDataString(q) + "&p=" + Uri.EscapeDataString(q[..Math.Min(q.Length, 20)]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("search-page-form", html);
        Assert.DoesNotContain("<script>alert(1)</script>", html);
    }

    [Theory]
    [InlineData("%FF%FE")]
    [InlineData("%ED%A0%80")]
    [InlineData("%")]
    [InlineData("a&q=b&q=c")]
    public async Task Malformed_url_encoding_is_harmless(string raw)
    {
        Assert.Equal(HttpStatusCode.OK, (await fx.Client.GetAsync("/api/search?q=" + raw)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fx.Client.GetAsync("/search?q=" + raw)).StatusCode);
    }

    [Fact]
    public async Task Quote_and_operator_words_are_searched_as_text()
    {
        // "NOT BN" must not exclude BN articles: NOT is just a word, which here matches nothing.
        var not = await Api("q=" + Uri.EscapeDataString("NOT BN"));
        Assert.Equal(Slugs(await Api("q=BN")), Slugs(not));
        Assert.Equal(["NOT"], not.GetProperty("missingTerms").EnumerateArray().Select(t => t.GetString()));
        Assert.True(not.GetProperty("partial").GetBoolean());
        Assert.Contains("resnet-shortcut", Slugs(await Api("q=" + Uri.EscapeDataString("ResNet-50"))));
        Assert.Contains("batch-norm", Slugs(await Api("q=" + Uri.EscapeDataString("\"BN\""))));
    }

    [Fact]
    public async Task Empty_query_returns_an_empty_list()
    {
        foreach (var url in new[] { "/api/search", "/api/search?q=", "/api/search?q=%20%20" })
        {
            var body = await fx.Client.GetFromJsonAsync<JsonElement>(url);
            Assert.Equal(0, body.GetProperty("total").GetInt64());
            Assert.Equal(0, body.GetProperty("results").GetArrayLength());
        }
    }

    [Fact]
    public async Task Long_queries_are_cut_to_the_cap()
    {
        var body = await Api("q=" + Uri.EscapeDataString("感受野" + new string('x', 4000)));
        Assert.Equal(200, body.GetProperty("query").GetString()!.Length);
    }

    [Fact]
    public async Task Suggest_returns_titles_and_urls()
    {
        var list = await fx.Client.GetFromJsonAsync<JsonElement>("/api/search/suggest?q=" + Uri.EscapeDataString("感受"));
        var first = list[0];
        Assert.Equal("两个 3×3 卷积的感受野为什么等于一个 5×5？", first.GetProperty("title").GetString());
        Assert.Equal("/a/receptive-field", first.GetProperty("url").GetString());
        // Title/keyword suggestions only: a word found only in bodies suggests nothing.
        var bodyOnly = await fx.Client.GetFromJsonAsync<JsonElement>("/api/search/suggest?q=" + Uri.EscapeDataString("argmax"));
        Assert.Equal(0, bodyOnly.GetArrayLength());
    }

    [Fact]
    public async Task Search_page_shows_results_filters_count_and_pagination()
    {
        var html = await fx.Client.GetStringAsync("/search?q=" + Uri.EscapeDataString("感受野"));
        Assert.Contains("<a class=\"search-title\" href=\"/a/receptive-field\">", html);
        Assert.Contains("<mark>感受野</mark>", html);
        Assert.Contains("id=\"search-count\"", html);
        Assert.Contains("<select name=\"category\"", html);
        Assert.Contains("<select name=\"tag\"", html);

        var paged = await fx.Client.GetStringAsync("/search?q=" + Uri.EscapeDataString("的"));
        Assert.Contains("rel=\"next\"", paged);
        var page2 = await fx.Client.GetStringAsync("/search?q=" + Uri.EscapeDataString("的") + "&p=2");
        Assert.Contains("rel=\"prev\"", page2);

        var filtered = await fx.Client.GetStringAsync("/search?q=" + Uri.EscapeDataString("卷积") + "&category=params");
        Assert.Contains("/a/conv-params", filtered);
        Assert.DoesNotContain("/a/receptive-field\"", filtered);

        var none = await fx.Client.GetStringAsync("/search?q=" + Uri.EscapeDataString("区块链"));
        Assert.Contains("search-empty", none);
        var blank = await fx.Client.GetStringAsync("/search");
        Assert.Contains("search-empty", blank);
    }

    [Fact]
    public async Task Layout_advertises_opensearch_and_loads_search_script()
    {
        var html = await fx.Client.GetStringAsync("/");
        Assert.Contains("rel=\"search\" type=\"application/opensearchdescription+xml\" href=\"/opensearch.xml\"", html);
        Assert.Contains("/js/search.js", html);

        var response = await fx.Client.GetAsync("/opensearch.xml");
        Assert.Equal("application/opensearchdescription+xml", response.Content.Headers.ContentType?.MediaType);
        var xml = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
        var url = xml.Root!.Elements().Single(e => e.Name.LocalName == "Url" && (string?)e.Attribute("type") == "text/html");
        Assert.Equal("http://localhost/search?q={searchTerms}", (string?)url.Attribute("template"));

        var suggestUrl = xml.Root!.Elements().Single(e => (string?)e.Attribute("type") == "application/x-suggestions+json");
        var template = (string)suggestUrl.Attribute("template")!;
        var suggestions = await fx.Client.GetAsync(template.Replace("http://localhost", "").Replace("{searchTerms}", Uri.EscapeDataString("感受野")));
        Assert.Equal("application/x-suggestions+json", suggestions.Content.Headers.ContentType?.MediaType);
        var array = await suggestions.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("感受野", array[0].GetString());
        Assert.Contains("两个 3×3 卷积的感受野为什么等于一个 5×5？", array[1].EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("/a/receptive-field", array[3].EnumerateArray().Select(t => t.GetString()));
    }
}

/// <summary>Index sync with import and edits, and the health check; each test gets its own app and corpus copy.</summary>
public class SearchIndexSyncTests
{
    [Fact]
    public async Task Index_follows_edits_additions_and_deletions()
    {
        var content = SearchCorpusFixture.CopyCorpus();
        using var factory = new KbFactory(content);
        using var client = factory.CreateClient();
        async Task<List<string>> Find(string q) =>
            (await client.GetFromJsonAsync<JsonElement>("/api/search?q=" + Uri.EscapeDataString(q))).GetProperty("results")
                .EnumerateArray().Select(r => r.GetProperty("slug").GetString()!).ToList();

        Assert.Contains("top-k", await Find("最小堆"));
        Assert.Empty(await Find("布隆过滤器"));

        var topK = Path.Combine(content, "algorithms", "top-k.md");
        File.WriteAllText(topK, File.ReadAllText(topK).Replace("最小堆", "布隆过滤器", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(content, "algorithms", "bloom.md"),
            "---\ntitle: 跳表的原理\ntags: [数据结构]\nkeywords: [skip list, 跳表, 链表]\n---\n\n跳表在有序链表上加多级索引，查找 O(log n)。\n");
        File.Delete(Path.Combine(content, "python", "shallow-deep-copy.md"));
        var importer = factory.Services.GetRequiredService<ContentImportService>();
        var result = importer.RunImport(content);
        Assert.True(result.Changed);

        Assert.Empty(await Find("最小堆"));
        Assert.Contains("top-k", await Find("布隆过滤器"));
        Assert.Contains("bloom", await Find("跳表"));
        Assert.Empty(await Find("深拷贝"));

        // Synonyms arrive with the import, also when synonyms.yml is the only change; requests never read the file.
        Assert.Empty(await Find("skiplist"));
        File.AppendAllText(Path.Combine(content, "synonyms.yml"), "\n- [skiplist, 跳表]\n");
        Assert.Empty(await Find("skiplist"));
        Assert.False(importer.RunImport(content).Changed);
        Assert.Contains("bloom", await Find("skiplist"));

        var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
