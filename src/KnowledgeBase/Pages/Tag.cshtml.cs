using KnowledgeBase.Articles;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace KnowledgeBase.Pages;

[OutputCache(PolicyName = SiteSetup.CachePolicy)]
public sealed class TagModel(ArticleStore store) : PageModel
{
    public string? Tag { get; private set; }
    public IReadOnlyList<ArticleSummary> Articles { get; private set; } = [];
    public IReadOnlyList<TagCount> AllTags { get; private set; } = [];

    public IActionResult OnGet(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            AllTags = store.Tags();
            return Page();
        }
        Tag = tag;
        Articles = store.WithTag(tag);
        return Articles.Count == 0 ? NotFound() : Page();
    }
}
