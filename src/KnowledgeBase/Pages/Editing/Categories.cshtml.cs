using KnowledgeBase.Accounts;
using KnowledgeBase.Articles;
using KnowledgeBase.Editing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeBase.Pages.Editing;

/// <summary>/admin/categories: add, rename, describe, reorder and delete (empty) categories.</summary>
[Authorize(Policy = AuthPolicies.Admin)]
public sealed class CategoriesModel(ArticleStore articles, CategoryStore categories, ArticleEditor editor) : PageModel
{
    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public string? Error { get; private set; }

    public void OnGet() => Categories = articles.Categories();

    public IActionResult OnPostSave(string? slug, string? name, string? nameEn, string? description, int? order)
    {
        slug = slug?.Trim();
        name = name?.Trim();
        if (ArticleInput.CheckSlug(slug) is { } e) { return Refuse("slug: " + e); }
        if (string.IsNullOrEmpty(name) || name.Length > ArticleInput.MaxTitle) { return Refuse($"name: 1 to {ArticleInput.MaxTitle} characters."); }
        if (nameEn?.Length > ArticleInput.MaxTitle || description?.Length > 1000) { return Refuse("nameEn/description: too long."); }
        categories.Save(slug!, name, Blank(nameEn), Blank(description), Math.Clamp(order ?? 1000, 0, 100_000));
        editor.Changed();
        return RedirectToPage();
    }

    public IActionResult OnPostDelete(string slug)
    {
        if (!categories.Delete(slug)) { return Refuse($"'{slug}' still has articles: move them first."); }
        editor.Changed();
        return RedirectToPage();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private PageResult Refuse(string message)
    {
        Error = message;
        Categories = articles.Categories();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
