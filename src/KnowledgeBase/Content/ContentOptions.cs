using System.ComponentModel.DataAnnotations;
using KnowledgeBase.Articles;

namespace KnowledgeBase.Content;

public sealed class ContentOptions
{
    public const string Section = "KnowledgeBase";

    /// <summary>
    /// Folder holding <c>categories.yml</c> and the Markdown articles. Empty: look for a <c>content/</c>
    /// folder beside the app, then upward from the working directory and the app (so that
    /// <c>dotnet run --project src/KnowledgeBase</c> finds the repository's content). Resolved to an absolute
    /// path once, when the options are built at start-up (see <see cref="ContentExtensions.AddContent"/>).
    /// </summary>
    public string ContentPath { get; set; } = "";

    /// <summary>Import <c>content/</c> into the database when the app starts.</summary>
    public bool ImportOnStart { get; set; } = true;

    /// <summary>Re-import when files under the content folder change.</summary>
    public bool WatchContent { get; set; } = true;

    [Range(1, 1000)]
    public int RecentCount { get; set; } = 8;

    // Bounds on the work one article file may cause; a file beyond one is skipped with the reason.
    // The largest article today is about 15 KB with a dozen headings, so the defaults leave wide room.

    /// <summary>Largest article file read, in bytes.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxFileBytes { get; set; } = 512 * 1024;

    /// <summary>Markdown containers (quotes, lists, emphasis, links) inside each other.</summary>
    [Range(4, 100)]
    public int MaxNestingDepth { get; set; } = RenderLimits.Default.MaxNestingDepth;

    [Range(1, 100_000)]
    public int MaxHeadings { get; set; } = RenderLimits.Default.MaxHeadings;

    /// <summary>Raw HTML elements open inside each other.</summary>
    [Range(4, 1000)]
    public int MaxHtmlDepth { get; set; } = RenderLimits.Default.MaxHtmlDepth;

    public RenderLimits RenderLimits => new(MaxNestingDepth, MaxHeadings, MaxHtmlDepth);

    internal static string Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "content");
                if (File.Exists(Path.Combine(candidate, "categories.yml")))
                {
                    return candidate;
                }
            }
        }
        return Path.Combine(AppContext.BaseDirectory, "content");
    }
}
