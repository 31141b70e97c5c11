using System.Globalization;
using KnowledgeBase.Accounts;
using KnowledgeBase.Articles;
using KnowledgeBase.Common;
using KnowledgeBase.Content;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Editing;

public sealed record RevisionItem(long Revision, string Author, string Time, string? Message, string Kind);

public sealed record PreviewRequest(string? Markdown, string? Category);

public sealed record PreviewResponse(string Html);

/// <summary>
/// Article writes for scripts and bots (PUT / DELETE /api/articles/{slug}), revision lists, and the editor's live
/// preview. Writes use <see cref="ArticleEditor"/>, the same path as the edit page.
/// </summary>
public static class EditingApi
{
    public static IServiceCollection AddEditing(this IServiceCollection services)
    {
        services.AddSingleton<RevisionStore>();
        services.AddSingleton<CategoryStore>();
        services.AddSingleton<ArticleInput>();
        services.AddSingleton<ArticleEditor>();
        services.AddSingleton<MediaUploads>();
        services.AddSingleton<Exporter>();
        // Replace the defaults of Content and Articles: from now on the database owns edited articles.
        services.AddSingleton<IImportGuard, ImportGuard>();
        services.AddSingleton<IArticleRevisions, CurrentRevisions>();
        // /new is the edit page without a slug.
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o => o.Conventions.AddPageRoute("/Editing/Edit", "new"));
        return services;
    }

    public static WebApplication MapEditingApi(this WebApplication app)
    {
        var articles = app.MapGroup("/api/articles").WithTags("Articles");
        // Writes only with an editor's API token: a browser's cookie never authorizes them (so no antiforgery needed).
        articles.MapPut("/{slug}", Put).RequireAuthorization(AuthPolicies.ApiEditor)
            .Accepts<ArticleBody>("application/json")
            .Produces<ArticleDetail>(StatusCodes.Status200OK).Produces<ArticleDetail>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status403Forbidden);
        articles.MapDelete("/{slug}", Delete).RequireAuthorization(AuthPolicies.ApiEditor)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status403Forbidden);
        articles.MapGet("/{slug}/revisions", Revisions);
        // The edit page's preview: signed-in editors (cookie); it renders, it stores nothing.
        app.MapPost("/api/preview", Preview).WithTags("Editing").RequireAuthorization(AuthPolicies.Editor);
        // Uploaded images: after the static files of content/, which win for the same path.
        app.MapGet("/media/{category}/{name}", Media).ExcludeFromDescription();
        return app;
    }

    private static string Author(HttpContext http) => http.User.Identity?.Name ?? "anonymous";

    private static async Task<IResult> Put(string slug, HttpContext http, ArticleInput input, ArticleEditor editor, ArticleStore store,
        IOptions<ContentOptions> options, CancellationToken ct)
    {
        if (ArticleInput.CheckSlug(slug) is { } slugError) { return Problems.Invalid("slug", InvalidArticle, slugError); }
        if (!TryIfMatch(http.Request, out var expected, out var mustExist))
        {
            return Problems.Invalid("If-Match", InvalidArticle, "If-Match must be a revision ETag such as \"3\", or *.");
        }
        byte[]? bytes;
        try
        {
            // Room for the JSON around a Markdown body of the largest size allowed.
            bytes = await RequestBody.ReadAsync(http.Request, options.Value.MaxFileBytes * 2 + 64 * 1024, ct);
        }
        catch (BadHttpRequestException e)
        {
            return Problems.Field(e.StatusCode, "$", "Unreadable request body", e.Message);
        }
        if (bytes is null)
        {
            return Problems.Field(StatusCodes.Status413PayloadTooLarge, "$", "Request body too large", "The article is larger than the content limits allow.");
        }
        var (body, field, error) = ArticleInput.ParseJson(bytes);
        if (body is null) { return Problems.Invalid(field!, InvalidArticle, error!); }
        var (fields, field2, error2) = input.Check(body);
        if (fields is null) { return Problems.Invalid(field2!, InvalidArticle, error2!); }

        var result = editor.Save(slug, fields, expected, Author(http), body.Message, mustExist: mustExist);
        if (result is EditResult.NotFound)
        {
            // If-Match: * names no revision, but the article it requires is not there.
            result = new EditResult.Stale(null, null);
        }
        switch (result)
        {
            case EditResult.Saved saved:
                var article = store.Get(saved.Slug)!;
                http.Response.Headers.ETag = ArticleDetail.ETag(saved.Revision);
                var detail = ArticleDetail.From(article, saved.Revision);
                return saved.Created ? TypedResults.Created("/api/articles/" + Uri.EscapeDataString(saved.Slug), detail) : TypedResults.Ok(detail);
            default:
                return Refused(result, http);
        }
    }

    private static IResult Delete(string slug, HttpContext http, ArticleEditor editor)
    {
        if (!TryIfMatch(http.Request, out var expected, out _))
        {
            return Problems.Invalid("If-Match", InvalidArticle, "If-Match must be a revision ETag such as \"3\", or *.");
        }
        var result = editor.Delete(slug, expected, Author(http));
        return result is EditResult.Saved ? TypedResults.NoContent() : Refused(result, http);
    }

    private static Results<Ok<RevisionItem[]>, ProblemHttpResult> Revisions(string slug, RevisionStore revisions, ArticleStore store)
    {
        var history = revisions.History(slug);
        if (history.Count == 0 && store.Get(slug) is null)
        {
            return Problems.Field(StatusCodes.Status404NotFound, "slug", "Article not found", $"No article has the slug '{slug}'.");
        }
        return TypedResults.Ok(history.Select(r => new RevisionItem(r.Number, r.Author, r.Created, r.Message, r.Kind)).ToArray());
    }

    /// <summary>The article page's pipeline (Markdig, sanitizer, heading ids); math and calculator blocks are finished in the browser as on the article page.</summary>
    private static Results<Ok<PreviewResponse>, ValidationProblem> Preview(PreviewRequest request, ArticleRenderer renderer, IOptions<ContentOptions> options)
    {
        var markdown = request.Markdown ?? "";
        if (System.Text.Encoding.UTF8.GetByteCount(markdown) > options.Value.MaxFileBytes)
        {
            return Problems.Invalid("markdown", "Invalid preview", "markdown exceeds the content size limit.");
        }
        try
        {
            return TypedResults.Ok(new PreviewResponse(renderer.Render(markdown, request.Category ?? "", options.Value.RenderLimits).Html));
        }
        catch (RenderException e)
        {
            return Problems.Invalid("markdown", "Invalid preview", $"line {e.Line}: {e.Message}");
        }
    }

    private static IResult Media(string category, string name, RevisionStore store, HttpResponse response)
    {
        var file = store.Media(category, name);
        if (file is null) { return TypedResults.NotFound(); }
        // As for content/ media: an image opened directly runs nothing from our origin.
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
        response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.File(file.Bytes, file.ContentType);
    }

    private const string InvalidArticle = "Invalid article";

    internal static IResult Refused(EditResult result, HttpContext http) => result switch
    {
        EditResult.Stale stale => StaleProblem(stale, http),
        EditResult.Invalid invalid => Problems.Invalid(invalid.Field, InvalidArticle, invalid.Message),
        EditResult.NotFound missing => Problems.Field(StatusCodes.Status404NotFound, missing.Field, "Not found", missing.Message),
        _ => throw new InvalidOperationException("not a refusal: " + result),
    };

    private static ProblemHttpResult StaleProblem(EditResult.Stale stale, HttpContext http)
    {
        if (stale.CurrentRevision is long current) { http.Response.Headers.ETag = ArticleDetail.ETag(current); }
        var detail = stale.CurrentRevision is long c
            ? string.Create(CultureInfo.InvariantCulture, $"The article is at revision {c}; fetch it, merge your change and send If-Match: \"{c}\".")
            : "The article does not exist (any more).";
        return Problems.Field(StatusCodes.Status412PreconditionFailed, "If-Match", "Edited by someone else", detail,
            [new("revision", stale.CurrentRevision)]);
    }

    /// <summary>
    /// If-Match: absent (create or overwrite), <c>*</c> (only an existing article), or one revision ETag (strong or weak).
    /// </summary>
    private static bool TryIfMatch(HttpRequest request, out long? revision, out bool mustExist)
    {
        revision = null;
        mustExist = false;
        var value = request.Headers.IfMatch.ToString().Trim();
        if (value.Length == 0) { return true; }
        if (value == "*") { mustExist = true; return true; }
        if (value.StartsWith("W/", StringComparison.Ordinal)) { value = value[2..]; }
        if (value.Length < 3 || value[0] != '"' || value[^1] != '"') { return false; }
        if (!long.TryParse(value[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var r)) { return false; }
        revision = r;
        return true;
    }
}

internal sealed class CurrentRevisions(RevisionStore store) : IArticleRevisions
{
    public long? Current(string slug) => store.CurrentNumber(slug);
}
