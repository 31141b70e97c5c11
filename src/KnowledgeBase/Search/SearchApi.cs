using System.Globalization;
using System.Xml.Linq;
using KnowledgeBase.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeBase.Search;

/// <summary>Loads the segmenter's dictionary before Kestrel listens, even when no import runs at start-up.</summary>
internal sealed class SegmenterWarmUp : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        WordSegmenter.Warm();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class SearchApi
{
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SynonymProvider>();
        services.AddSingleton<SearchService>();
        services.AddSingleton<SearchIndexIntegrity>();
        services.AddHostedService<SegmenterWarmUp>();
        // A pasted 5,000-character Chinese query is ~45 KB once URL-encoded; Kestrel's 8 KB default request
        // line would answer 414 before the app could cut it to SearchQuery.MaxLength.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o =>
            o.Limits.MaxRequestLineSize = Math.Max(o.Limits.MaxRequestLineSize, 64 * 1024));
        return services;
    }

    public static RouteGroupBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/opensearch.xml", OpenSearch).ExcludeFromDescription();
        var group = app.MapGroup("/api/search").WithTags("Search");
        group.MapGet("/", Search);
        group.MapGet("/suggest", Suggest);
        return group;
    }

    /// <summary>
    /// limit/offset arrive as strings so that a bad value gets a problem+json naming the field instead of
    /// the framework's bare 400. q is never refused: empty gives no results, over-long is cut.
    /// </summary>
    private static Results<Ok<SearchResponse>, ValidationProblem> Search(
        SearchService search, string? q, string? limit, string? offset, string? category, string? tag)
    {
        if (!TryParse(limit, SearchService.DefaultLimit, 1, out var take))
        {
            return Problems.Invalid("limit", InvalidQuery, $"limit must be a whole number from 1 (values above {SearchService.MaxLimit} are capped).");
        }
        if (!TryParse(offset, 0, 0, out var skip))
        {
            return Problems.Invalid("offset", InvalidQuery, "offset must be a whole number, 0 or more.");
        }
        var query = search.Parse(q);
        return TypedResults.Ok(search.Search(query, category, tag, Math.Min(take, SearchService.MaxLimit), skip));
    }

    /// <summary>
    /// Titles for the header box; with <c>format=opensearch</c> the OpenSearch suggestions format
    /// (<c>[query, [titles], [descriptions], [urls]]</c>) that browsers use in their address bar.
    /// </summary>
    private static Results<Ok<IReadOnlyList<Suggestion>>, JsonHttpResult<object[]>> Suggest(SearchService search, string? q, string? limit, string? format)
    {
        var take = TryParse(limit, 8, 1, out var n) ? Math.Min(n, 20) : 8;
        var query = search.Parse(q);
        var suggestions = search.Suggest(query, take);
        if (string.Equals(format, "opensearch", StringComparison.OrdinalIgnoreCase))
        {
            object[] body = [query.Text, suggestions.Select(s => s.Title).ToArray(), suggestions.Select(_ => "").ToArray(), suggestions.Select(s => s.Url).ToArray()];
            return TypedResults.Json(body, contentType: "application/x-suggestions+json");
        }
        return TypedResults.Ok(suggestions);
    }

    /// <summary>Lets browsers add the wiki as a search engine (rel="search" in the layout points here).</summary>
    private static ContentHttpResult OpenSearch(HttpRequest request)
    {
        var origin = $"{request.Scheme}://{request.Host.ToUriComponent()}";
        XNamespace os = "http://a9.com/-/spec/opensearch/1.1/";
        // XElement escapes everything, including whatever the Host header held.
        var doc = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement(os + "OpenSearchDescription",
                new XElement(os + "ShortName", "DL 面试知识库"),
                new XElement(os + "Description", "搜索深度学习面试知识库（中文、英文、混合查询）"),
                new XElement(os + "InputEncoding", "UTF-8"),
                new XElement(os + "Url", new XAttribute("type", "text/html"), new XAttribute("method", "get"),
                    new XAttribute("template", origin + "/search?q={searchTerms}")),
                new XElement(os + "Url", new XAttribute("type", "application/json"), new XAttribute("method", "get"),
                    new XAttribute("template", origin + "/api/search?q={searchTerms}")),
                new XElement(os + "Url", new XAttribute("type", "application/x-suggestions+json"), new XAttribute("method", "get"),
                    new XAttribute("template", origin + "/api/search/suggest?format=opensearch&q={searchTerms}"))));
        return TypedResults.Content(doc.Declaration + "\n" + doc.ToString(), "application/opensearchdescription+xml; charset=utf-8");
    }

    private const string InvalidQuery = "Invalid query parameter";

    private static bool TryParse(string? value, int fallback, int min, out int result)
    {
        if (string.IsNullOrWhiteSpace(value)) { result = fallback; return true; }
        if (long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= min)
        {
            result = (int)Math.Min(parsed, int.MaxValue);
            return true;
        }
        result = fallback;
        return false;
    }
}
