using KnowledgeBase.Accounts;
using KnowledgeBase.Articles;
using KnowledgeBase.Editing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeBase.Pages.Editing;

/// <summary>
/// /edit/{slug} and /new: the article form. A save names the revision it started from; when someone saved in between,
/// nothing is written, the form comes back with the editor's text as typed, and the other person's change is shown
/// as a diff; the form then builds on the newer revision, so a second save (after merging by hand) goes through.
/// </summary>
[Authorize(Policy = AuthPolicies.Editor)]
[RequestSizeLimit(EditModel.MaxRequestBytes)]
public sealed class EditModel(ArticleStore articles, RevisionStore revisions, ArticleEditor editor, ArticleInput input, MediaUploads uploads) : PageModel
{
    /// <summary>An image upload or a form with the largest Markdown allowed, URL-encoded (Chinese triples in size).</summary>
    public const long MaxRequestBytes = 8L * 1024 * 1024;

    /// <summary>The slug field: the article's slug, or a new one to rename it to. Not "Slug", which would also bind the route value.</summary>
    [BindProperty] public string? NewSlug { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? TitleEn { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Tags { get; set; }
    [BindProperty] public string? Keywords { get; set; }
    [BindProperty] public int? Difficulty { get; set; }
    [BindProperty] public string? Markdown { get; set; }
    [BindProperty] public string? Message { get; set; }
    [BindProperty] public long? BaseRevision { get; set; }

    /// <summary>The slug in the URL: null on /new.</summary>
    public string? Existing { get; private set; }
    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public string? ErrorField { get; private set; }
    public string? Error { get; private set; }

    /// <summary>After a refused save: what the other person changed, from the revision this form started from to the current one.</summary>
    public TextDiffResult? TheirChange { get; private set; }
    public RevisionInfo? TheirRevision { get; private set; }

    public IActionResult OnGet(string? slug)
    {
        Categories = articles.Categories();
        if (slug is null)
        {
            Category = Request.Query["category"].ToString() is { Length: > 0 } c ? c : Categories.FirstOrDefault()?.Slug;
            return Page();
        }
        var current = articles.Get(slug) is null ? null : revisions.Current(slug);
        if (current is null) { return NotFound(); }
        Existing = NewSlug = slug;
        Fill(ArticleText.Parse(current.Text, current.Category));
        BaseRevision = current.Number;
        return Page();
    }

    public IActionResult OnPost(string? slug)
    {
        Existing = slug;
        Categories = articles.Categories();
        var target = string.IsNullOrWhiteSpace(NewSlug) ? slug : NewSlug.Trim();
        if (ArticleInput.CheckSlug(target) is { } slugError) { return Refuse("slug", slugError); }
        var (fields, field, error) = input.Check(new ArticleBody
        {
            Title = Title, TitleEn = TitleEn, Category = Category, Difficulty = Difficulty, Markdown = Markdown ?? "", Message = Message,
            Tags = ArticleInput.SplitList(Tags), Keywords = ArticleInput.SplitList(Keywords),
        });
        if (fields is null) { return Refuse(field!, error!); }

        // A new article must not silently replace one that exists: BaseRevision null + an existing slug is stale.
        var result = slug is null
            ? (articles.Get(target!) is null ? editor.Save(target!, fields, null, User.Identity!.Name!, Message) : new EditResult.Invalid("slug", $"The slug '{target}' is already used by another article."))
            : editor.Save(slug, fields, BaseRevision ?? 0, User.Identity!.Name!, Message, newSlug: target != slug ? target : null, mustExist: true);
        switch (result)
        {
            case EditResult.Saved saved:
                return Redirect(Common.Urls.Article(saved.Slug));
            case EditResult.Stale stale:
                var from = BaseRevision is long b ? revisions.Get(slug!, b)?.Text ?? "" : "";
                TheirChange = TextDiff.Compare(from, stale.Current?.Text ?? "");
                TheirRevision = stale.Current is { } c ? revisions.History(slug!).FirstOrDefault(r => r.Number == c.Number) : null;
                // The form now builds on the newer revision; the text stays as typed.
                BaseRevision = stale.CurrentRevision;
                ModelState.Remove(nameof(BaseRevision));
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            case EditResult.Invalid invalid:
                return Refuse(invalid.Field, invalid.Message);
            default:
                return NotFound();
        }
    }

    public IActionResult OnPostDelete(string slug)
    {
        var result = editor.Delete(slug, BaseRevision, User.Identity!.Name!);
        return result switch
        {
            EditResult.Saved => Redirect("/"),
            EditResult.Stale => Redirect("/edit/" + Uri.EscapeDataString(slug)),
            _ => NotFound(),
        };
    }

    /// <summary>Restores a revision (from the history page) as a new revision.</summary>
    public IActionResult OnPostRestore(string slug, long revision)
    {
        var result = editor.Restore(slug, revision, User.Identity!.Name!);
        return result is EditResult.Saved ? Redirect("/history/" + Uri.EscapeDataString(slug)) : NotFound();
    }

    /// <summary>An image for the article's category, from the editor's toolbar (fetch with the antiforgery header).</summary>
    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, string? category)
    {
        if (file is null || string.IsNullOrEmpty(category) || articles.Category(category) is null)
        {
            return BadRequest(new { field = file is null ? "file" : "category", detail = "an image file and an existing category are required" });
        }
        if (file.Length > MediaUploads.MaxBytes)
        {
            return BadRequest(new { field = "file", detail = $"Images are limited to {MediaUploads.MaxBytes / 1024 / 1024} MB." });
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, HttpContext.RequestAborted);
        var (name, error) = uploads.Save(category, buffer.ToArray(), User.Identity!.Name!);
        return name is null ? BadRequest(new { field = "file", detail = error }) : new JsonResult(new { name, url = $"/media/{category}/{name}" });
    }

    private void Fill(ArticleFields f)
    {
        Title = f.Title;
        TitleEn = f.TitleEn;
        Category = f.Category;
        Tags = string.Join(", ", f.Tags);
        Keywords = string.Join(", ", f.Keywords);
        Difficulty = f.Difficulty;
        Markdown = f.Markdown;
    }

    private PageResult Refuse(string field, string message)
    {
        ErrorField = field;
        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
