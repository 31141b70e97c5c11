using KnowledgeBase.Articles;
using KnowledgeBase.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace KnowledgeBase.Pages;

/// <summary>A category's articles, <see cref="Paging.PageSize"/> a page (?page=N; not a number: 400, past the end: 404).</summary>
[OutputCache(PolicyName = SiteSetup.CachePolicy)]
public sealed class CategoryModel(ArticleStore store) : PageModel
{
    public Category? Category { get; private set; }
    public string Name => Category is null ? "" : CategoryNames.Display(Category);
    public Paged<ArticleSummary> Articles { get; private set; } = new([], 0);
    public Pager Pager { get; private set; } = Pager.For(1, 0, "/");

    public IActionResult OnGet(string slug)
    {
        if (!Paging.TryParsePage(Request.Query["page"], out var page)) { return BadRequest(); }
        Category = store.Category(slug);
        if (Category is null) { return NotFound(); }
        Articles = store.InCategory(slug, Paging.PageSize, Paging.OffsetOf(page));
        Pager = Pager.For(page, Articles.Total, Urls.Category(slug));
        return Pager.Exists ? Page() : NotFound();
    }
}
