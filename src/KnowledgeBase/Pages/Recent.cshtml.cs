using KnowledgeBase.Articles;
using KnowledgeBase.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace KnowledgeBase.Pages;

/// <summary>Every article, newest first, <see cref="Paging.PageSize"/> a page (?page=N; not a number: 400, past the end: 404).</summary>
[OutputCache(PolicyName = SiteSetup.CachePolicy)]
public sealed class RecentModel(ArticleStore store) : PageModel
{
    public Paged<ArticleSummary> Articles { get; private set; } = new([], 0);
    public Pager Pager { get; private set; } = Pager.For(1, 0, "/recent");

    public IActionResult OnGet()
    {
        if (!Paging.TryParsePage(Request.Query["page"], out var page)) { return BadRequest(); }
        Articles = store.Recent(Paging.PageSize, Paging.OffsetOf(page));
        Pager = Pager.For(page, Articles.Total, "/recent");
        return Pager.Exists ? Page() : NotFound();
    }
}
