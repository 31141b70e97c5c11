using KnowledgeBase.Editing;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeBase.Pages.Editing;

/// <summary>/changes: the latest revisions across the wiki (what, who, when).</summary>
public sealed class ChangesModel(RevisionStore revisions) : PageModel
{
    public const int Count = 100;

    public IReadOnlyList<RevisionInfo> Changes { get; private set; } = [];

    public void OnGet() => Changes = revisions.Recent(Count);
}
