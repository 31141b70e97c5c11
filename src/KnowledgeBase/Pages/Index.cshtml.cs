using System.Globalization;
using KnowledgeBase.Articles;
using KnowledgeBase.Content;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Pages;

[OutputCache(PolicyName = SiteSetup.CachePolicy)]
public sealed class IndexModel(ArticleStore store, IOptions<ContentOptions> options) : PageModel
{
    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public IReadOnlyList<ArticleSummary> Recent { get; private set; } = [];

    public void OnGet()
    {
        Categories = store.Categories().Where(c => c.Count > 0).ToList();
        Recent = store.Recent(options.Value.RecentCount, 0).Items;
    }

    public string Name(Category c) => CategoryNames.Display(c);
}

public static class CategoryNames
{
    public static string Display(Category c) =>
        CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal) && !string.IsNullOrEmpty(c.NameEn) ? c.NameEn : c.Name;
}
