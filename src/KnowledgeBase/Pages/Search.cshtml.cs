using System.Globalization;
using KnowledgeBase.Articles;
using KnowledgeBase.Search;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeBase.Pages;

/// <summary>
/// GET /search?q=&amp;category=&amp;tag=&amp;p= — every parameter is a plain string, so no input can fail
/// model binding; bad numbers fall back to page 1. Not output-cached: queries are unbounded.
/// </summary>
public sealed class SearchModel(SearchService search, ArticleStore store) : PageModel
{
    public const int PageSize = 10;
    private const int MaxPage = 1000;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "category")] public string? CategoryFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "tag")] public string? TagFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public string? PageText { get; set; }

    public SearchQuery Query { get; private set; } = SearchQuery.Empty;
    public SearchResponse Result { get; private set; } = SearchResponse.None("");
    public int PageNumber { get; private set; } = 1;
    public int PageCount => (int)Math.Min(MaxPage, (Result.Total + PageSize - 1) / PageSize);
    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public IReadOnlyList<TagCount> Tags { get; private set; } = [];
    public bool HasInput => !string.IsNullOrWhiteSpace(Q);

    public void OnGet()
    {
        Categories = store.Categories();
        Tags = store.Tags();
        PageNumber = int.TryParse(PageText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= MaxPage ? p : 1;
        Query = search.Parse(Q);
        Result = search.Search(Query, CategoryFilter, TagFilter, PageSize, (PageNumber - 1) * PageSize);
    }

    public string CategoryName(string slug) => Categories.FirstOrDefault(c => c.Slug == slug) is { } c ? CategoryNames.Display(c) : slug;

    public string PageUrl(int page)
    {
        var query = new Dictionary<string, string?> { ["q"] = Query.Text };
        if (!string.IsNullOrEmpty(CategoryFilter)) { query["category"] = CategoryFilter; }
        if (!string.IsNullOrEmpty(TagFilter)) { query["tag"] = TagFilter; }
        if (page > 1) { query["p"] = page.ToString(CultureInfo.InvariantCulture); }
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/search", query);
    }
}
