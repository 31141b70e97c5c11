using KnowledgeBase.Accounts;
using KnowledgeBase.Editing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeBase.Pages.Editing;

/// <summary>
/// /admin/conflicts: file versions from content/ that the import did not store because the article had been edited in
/// the browser. Each links to its diff against the current version; an admin restores it (it becomes the newest
/// revision) or dismisses it (the browser's version stays).
/// </summary>
[Authorize(Policy = AuthPolicies.Admin)]
public sealed class ConflictsModel(RevisionStore revisions) : PageModel
{
    public IReadOnlyList<RevisionInfo> Conflicts { get; private set; } = [];

    public long? Current(string slug) => revisions.CurrentNumber(slug);

    public void OnGet() => Conflicts = revisions.OpenConflicts();

    public IActionResult OnPostDismiss(long id)
    {
        revisions.ResolveConflict(id);
        return RedirectToPage();
    }
}
