using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeBase.Pages;

/// <summary>/calc: the index of the calculator pages (/calculators/{name}), one per entry of CalculatorsApi.Endpoints.</summary>
public sealed class CalcModel : PageModel
{
    public void OnGet() { }
}
