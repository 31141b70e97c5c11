using System.Globalization;
using KnowledgeBase.Articles;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace KnowledgeBase.Pages;

[OutputCache(PolicyName = SiteSetup.CachePolicy)]
public sealed class ArticleModel(ArticleStore store, KnowledgeBase.Editing.RevisionStore revisions) : PageModel
{
    public Article? Article { get; private set; }
    public Category? Category { get; private set; }
    public string CategoryName => Category is null ? Article?.Category ?? "" : CategoryNames.Display(Category);
    public IReadOnlyList<TocEntry> Toc { get; private set; } = [];
    public ArticleSummary? Previous { get; private set; }
    public ArticleSummary? Next { get; private set; }
    public IReadOnlyList<ArticleSummary> Related { get; private set; } = [];

    public string UpdatedDisplay =>
        DateTimeOffset.TryParse(Article?.Updated, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
            ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Article?.Updated ?? "";

    public IActionResult OnGet(string slug)
    {
        Article = store.Get(slug);
        if (Article is null)
        {
            // A renamed article: its old URL keeps working.
            return revisions.RedirectTarget(slug) is { } to ? RedirectPermanent(Common.Urls.Article(to)) : NotFound();
        }
        Category = store.Category(Article.Category);
        Toc = Article.TocEntries;
        (Previous, Next) = store.Neighbours(Article);
        Related = store.Related(Article, 5);
        return Page();
    }
}
