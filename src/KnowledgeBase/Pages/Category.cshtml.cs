using KnowledgeBase.Articles;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace KnowledgeBase.Pages;

[OutputCache(PolicyName = SiteSetup.CachePolicy)]
public sealed class CategoryModel(ArticleStore store) : PageModel
{
    public Category? Category { get; private set; }
    public string Name => Category is null ? "" : CategoryNames.Display(Category);
    public IReadOnlyList<ArticleSummary> Articles { get; private set; } = [];

    public IActionResult OnGet(string slug)
    {
        Category = store.Category(slug);
        if (Category is null) { return NotFound(); }
        Articles = store.InCategory(slug);
        return Page();
    }
}
