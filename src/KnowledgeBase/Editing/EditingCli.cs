using KnowledgeBase.Articles;
using KnowledgeBase.Content;
using KnowledgeBase.Hosting;

namespace KnowledgeBase.Editing;

/// <summary><c>export DIR</c>: the wiki's current articles, categories and images in the content/ layout.</summary>
internal static class EditingCli
{
    public static readonly CliCommand[] Commands =
    [
        new("export", "export DIR   (writes the current articles, categories.yml and images in the content/ layout)", 1,
            s => s.AddContent().AddArticles().AddEditing(), ExportAsync),
    ];

    private static async Task<int> ExportAsync(CliContext c)
    {
        var result = c.Services.GetRequiredService<Exporter>().Export(Path.GetFullPath(c.Args[0]));
        await c.Console.Out.WriteLineAsync($"Exported {result.Articles} articles and {result.Media} uploaded images to {Path.GetFullPath(c.Args[0])}.");
        foreach (var slug in result.Missing)
        {
            await c.Console.Error.WriteLineAsync($"not exported: {slug} has no stored revision");
        }
        return result.Missing.Count == 0 ? 0 : 1;
    }
}
