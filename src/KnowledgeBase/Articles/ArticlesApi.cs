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

    private static Ok<ArticleListItem[]> List(ArticleStore store) =>
        TypedResults.Ok(store.All().Select(a => new ArticleListItem(a.Slug, a.Title, a.TitleEn, a.Category, a.Tags, a.Url, a.Updated)).ToArray());

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
