using KnowledgeBase.Accounts;
using KnowledgeBase.Editing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeBase.Pages.Editing;

/// <summary>/admin/trash: deleted articles; restoring one makes it a new revision again.</summary>
[Authorize(Policy = AuthPolicies.Admin)]
public sealed class TrashModel(RevisionStore revisions, ArticleEditor editor) : PageModel
{
    public IReadOnlyList<TrashItem> Items { get; private set; } = [];
    public string? Error { get; private set; }

    public void OnGet() => Items = revisions.TrashItems();

    public IActionResult OnPostRestore(long id)
    {
        var result = editor.RestoreFromTrash(id, User.Identity!.Name!);
        if (result is EditResult.Saved saved) { return Redirect(Common.Urls.Article(saved.Slug)); }
        Error = result switch { EditResult.Invalid i => i.Message, EditResult.NotFound n => n.Message, _ => result.ToString() };
        Items = revisions.TrashItems();
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }
}
