using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeBase.Pages;

/// <summary>/calc: forms over the calculator JSON API (wwwroot/js/calc.js does the requests; nothing server-side).</summary>
public sealed class CalcModel : PageModel
{
    /// <summary>The sections, in page order: anchor id = API endpoint name.</summary>
    public static readonly string[] Endpoints = ["params", "pool", "receptive-field", "batchnorm", "normalization"];

    public void OnGet() { }
}
