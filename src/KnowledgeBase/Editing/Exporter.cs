using System.Globalization;
using System.Text;
using KnowledgeBase.Articles;
using KnowledgeBase.Common;
using KnowledgeBase.Content;
using KnowledgeBase.Data;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Editing;

public sealed record ExportResult(int Articles, int Media, IReadOnlyList<string> Missing);

/// <summary>
/// Writes the wiki back in the content/ layout: categories.yml, content/&lt;category&gt;/&lt;slug&gt;.md (each article's
/// current revision, byte for byte, its file time set to the article's update time, which the importer reads when the
/// front matter has no <c>updated</c>), uploaded images beside their articles, and the images and synonyms.yml of the
/// content folder. Importing the result into an empty database gives the same articles (tested).
/// </summary>
public sealed class Exporter(Db db, ArticleStore articles, RevisionStore revisions, IOptions<ContentOptions> options, ILogger<Exporter> logger)
{
    private static readonly string[] MediaExtensions = [".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"];

    public ExportResult Export(string directory)
    {
        Directory.CreateDirectory(directory);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var missing = new List<string>();
        CopyContentMedia(options.Value.ContentPath, directory);

        File.WriteAllText(Path.Combine(directory, "categories.yml"), CategoriesYaml(articles.Categories()), utf8);
        var count = 0;
        using (var connection = db.Open())
        {
            foreach (var summary in AllArticles())
            {
                var current = revisions.Current(connection, null, summary.Slug);
                if (current is null)
                {
                    missing.Add(summary.Slug);
                    continue;
                }
                var folder = Path.Combine(directory, summary.Category);
                Directory.CreateDirectory(folder);
                var file = Path.Combine(folder, summary.Slug + ".md");
                File.WriteAllText(file, current.Text, utf8);
                if (DateTimeOffset.TryParse(summary.Updated, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var updated))
                {
                    File.SetLastWriteTimeUtc(file, updated.UtcDateTime);
                }
                count++;
            }
        }
        var media = 0;
        foreach (var (category, name) in revisions.MediaNames())
        {
            var folder = Path.Combine(directory, category);
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, name), revisions.Media(category, name)!.Bytes);
            media++;
        }
        foreach (var slug in missing)
        {
            logger.LogWarning("Not exported: {Slug} has no stored revision", slug);
        }
        return new ExportResult(count, media, missing);
    }

    private IEnumerable<ArticleSummary> AllArticles()
    {
        const int page = 500;
        for (var offset = 0; ; offset += page)
        {
            var items = articles.All(page, offset).Items;
            foreach (var item in items) { yield return item; }
            if (items.Count < page) { yield break; }
        }
    }

    /// <summary>Images (and synonyms.yml) of the content folder the site was seeded from; articles come from the database.</summary>
    private static void CopyContentMedia(string contentPath, string directory)
    {
        if (!Directory.Exists(contentPath)) { return; }
        var folder = new ContentFolder(contentPath);
        var synonyms = Path.Combine(contentPath, Search.SynonymProvider.FileName);
        if (File.Exists(synonyms) && folder.Contains(synonyms))
        {
            File.Copy(synonyms, Path.Combine(directory, Search.SynonymProvider.FileName), overwrite: true);
        }
        foreach (var file in Directory.EnumerateFiles(contentPath, "*", SearchOption.AllDirectories))
        {
            if (!MediaExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase) || !folder.Contains(file)) { continue; }
            var target = Path.Combine(directory, Path.GetRelativePath(contentPath, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    internal static string CategoriesYaml(IEnumerable<Category> categories)
    {
        var sb = new StringBuilder("# Categories of the knowledge base (exported). slug = folder name; order = position on the home page.\n");
        foreach (var c in categories)
        {
            sb.Append("- slug: ").Append(Yaml.Quote(c.Slug)).Append('\n');
            sb.Append("  name: ").Append(Yaml.Quote(c.Name)).Append('\n');
            if (c.NameEn is not null) { sb.Append("  name_en: ").Append(Yaml.Quote(c.NameEn)).Append('\n'); }
            if (c.Description is not null) { sb.Append("  description: ").Append(Yaml.Quote(c.Description)).Append('\n'); }
            sb.Append("  order: ").Append(c.SortOrder.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return sb.ToString();
    }
}
