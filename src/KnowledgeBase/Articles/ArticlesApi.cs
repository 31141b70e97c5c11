using KnowledgeBase.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeBase.Articles;

public sealed record ArticleListItem(string Slug, string Title, string? TitleEn, string Category, IReadOnlyList<string> Tags, string Url, string Updated);

public sealed record ArticleDetail(
    string Slug, string Title, string? TitleEn, string Category, IReadOnlyList<string> Tags, IReadOnlyList<string> Keywords,
    string Markdown, string Html, string Url, string Updated, long? Difficulty);

public static class ArticlesApi
{
    public static IServiceCollection AddArticles(this IServiceCollection services)
    {
        services.AddSingleton<ArticleRenderer>();
        services.AddSingleton<ArticleStore>();
        return services;
    }

    public static RouteGroupBuilder MapArticlesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/articles").WithTags("Articles");
        group.MapGet("/", List);
        group.MapGet("/{slug}", Get);
        return group;
    }

    /// <summary>
    /// GET /api/articles?limit=&amp;offset= — a JSON array in reading order, <c>limit</c> (default 100, at most 500)
    /// at a time; the total is in X-Total-Count, the next window in a Link header (see <see cref="Paging"/>).
    /// </summary>
    private static Results<Ok<ArticleListItem[]>, ValidationProblem> List(string? limit, string? offset, ArticleStore store, HttpContext http)
    {
        if (Paging.TryParseWindow(limit, offset, out var window) is { } problem) { return problem; }
        var page = store.All(window.Limit, window.Offset);
        Paging.AddHeaders(http, window, page.Total);
        return TypedResults.Ok(page.Items.Select(a => new ArticleListItem(a.Slug, a.Title, a.TitleEn, a.Category, a.Tags, a.Url, a.Updated)).ToArray());
    }

    private static Results<Ok<ArticleDetail>, ProblemHttpResult> Get(string slug, ArticleStore store)
    {
        var a = store.Get(slug);
        if (a is null)
        {
            return Problems.Field(StatusCodes.Status404NotFound, "slug", "Article not found", $"No article has the slug '{slug}'.");
        }
        return TypedResults.Ok(new ArticleDetail(a.Slug, a.Title, a.TitleEn, a.Category, a.Tags, a.KeywordList, a.Markdown, a.Html, a.Url, a.Updated, a.Difficulty));
    }
}
