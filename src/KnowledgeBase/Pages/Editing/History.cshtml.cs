using KnowledgeBase.Articles;
using KnowledgeBase.Editing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeBase.Pages.Editing;

/// <summary>/history/{slug}: every revision of an article, newest first, with diffs; editors can restore one.</summary>
public sealed class HistoryModel(ArticleStore articles, RevisionStore revisions) : PageModel
{
    public string Slug { get; private set; } = "";
    public Article? Article { get; private set; }
    public IReadOnlyList<RevisionInfo> Revisions { get; private set; } = [];

    public IActionResult OnGet(string slug)
    {
        Slug = slug;
        Article = articles.Get(slug);
        Revisions = revisions.History(slug);
        if (Revisions.Count == 0)
        {
            return revisions.RedirectTarget(slug) is { } to ? RedirectPermanent("/history/" + Uri.EscapeDataString(to)) : NotFound();
        }
        return Page();
    }

    /// <summary>The revision before this one that was stored as the article (conflicts are skipped), for "what changed here".</summary>
    public long? Previous(RevisionInfo r) => Revisions.FirstOrDefault(p => p.Number < r.Number && p.Kind != RevisionKinds.Conflict)?.Number;
}
