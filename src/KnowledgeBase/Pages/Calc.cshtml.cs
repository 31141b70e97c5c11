using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeBase.Pages;

/// <summary>/calc: forms over the calculator JSON API (wwwroot/js/calc.js does the requests; nothing server-side).</summary>
public sealed class CalcModel : PageModel
{
    public void OnGet() { }
}
