using KnowledgeBase.Editing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeBase.Pages.Editing;

/// <summary>/diff/{slug}?from=&amp;to=: two revisions side by side and inline, changed characters marked inside changed lines.</summary>
public sealed class DiffModel(RevisionStore revisions) : PageModel
{
    public string Slug { get; private set; } = "";
    public Revision? From { get; private set; }
    public Revision? To { get; private set; }
    public TextDiffResult? Diff { get; private set; }
    public bool Inline { get; private set; }

    // Bound as strings: "abc" or a missing value is a 404 page like any unknown revision, never a 500.
    public IActionResult OnGet(string slug, string? from, string? to, string? view)
    {
        Slug = slug;
        Inline = view == "inline";
        if (!long.TryParse(from, out var f) || !long.TryParse(to, out var t)) { return BadRequest(); }
        From = revisions.Get(slug, f);
        To = revisions.Get(slug, t);
        if (From is null || To is null) { return NotFound(); }
        Diff = TextDiff.Compare(From.Text, To.Text);
        return Page();
    }
}
