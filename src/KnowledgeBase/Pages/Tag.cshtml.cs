using KnowledgeBase.Articles;
using KnowledgeBase.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace KnowledgeBase.Pages;

/// <summary>The tag cloud, or one tag's articles <see cref="Paging.PageSize"/> a page (?page=N; not a number: 400, past the end: 404).</summary>
[OutputCache(PolicyName = SiteSetup.CachePolicy)]
public sealed class TagModel(ArticleStore store) : PageModel
{
    public string? Tag { get; private set; }
    public Paged<ArticleSummary> Articles { get; private set; } = new([], 0);
    public Pager Pager { get; private set; } = Pager.For(1, 0, "/");
    public IReadOnlyList<TagCount> AllTags { get; private set; } = [];

    public IActionResult OnGet(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            AllTags = store.Tags();
            return Page();
        }
        if (!Paging.TryParsePage(Request.Query["page"], out var page)) { return BadRequest(); }
        Tag = tag;
        Articles = store.WithTag(tag, Paging.PageSize, Paging.OffsetOf(page));
        Pager = Pager.For(page, Articles.Total, Urls.Tag(tag));
        return Articles.Total == 0 || !Pager.Exists ? NotFound() : Page();
    }
}
