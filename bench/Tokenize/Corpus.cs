using System.Text.Json;
using KnowledgeBase.Articles;
using KnowledgeBase.Content;
using KnowledgeBase.Search;

namespace Tokenize.Bench;

/// <summary>The real content as the app sees it: rendered plain text of every article, the wiki's terms in the segmenter, the question sets analyzed.</summary>
internal sealed class Corpus
{
    public required List<(string Slug, string Title, string PlainText)> Articles { get; init; }
    public required List<string> Questions { get; init; }
    /// <summary>What the import indexes of each article: its front matter's fields and its plain text.</summary>
    public required List<(ArticleMeta Meta, string PlainText)> Documents { get; init; }
    public required List<(SearchQuery Query, string[] Expected)> Queries { get; init; }
    public required SynonymSet Synonyms { get; init; }

    private static Corpus? _loaded;

    public static Corpus Load() => _loaded ??= LoadUncached();

    private static Corpus LoadUncached()
    {
        var root = RepoRoot();
        var renderer = new ArticleRenderer();
        var articles = new List<(string, string, string)>();
        var documents = new List<(ArticleMeta, string)>();
        var terms = new List<string>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(root, "content"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var parsed = FrontMatter.Parse(File.ReadAllText(path));
            var category = Path.GetFileName(Path.GetDirectoryName(path)!);
            var rendered = renderer.Render(parsed.Body, category);
            var title = parsed.Meta.Title ?? "";
            articles.Add((Path.GetFileNameWithoutExtension(path), title, rendered.PlainText));
            documents.Add((parsed.Meta, rendered.PlainText));
            terms.Add(title);
            terms.AddRange(parsed.Meta.Keywords);
            terms.AddRange(parsed.Meta.Tags);
        }
        // As the import does: the wiki's own terms, then the synonym groups, into the segmenter's dictionary.
        WordSegmenter.AddTerms(terms);
        var synonyms = SynonymSet.Parse(File.ReadAllText(Path.Combine(root, "content", "synonyms.yml")));

        var questions = new List<(string Q, string[] Expected)>();
        foreach (var file in new[] { "relevance-questions.json", "relevance-questions-holdout.json" })
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "tests", "KnowledgeBase.Tests", "Search", file)));
            foreach (var q in doc.RootElement.GetProperty("queries").EnumerateArray())
            {
                questions.Add((q.GetProperty("q").GetString()!, q.GetProperty("expected").EnumerateArray().Select(e => e.GetString()!).ToArray()));
            }
        }
        return new Corpus
        {
            Articles = articles,
            Documents = documents,
            Synonyms = synonyms,
            Questions = questions.Select(q => q.Q).ToList(),
            Queries = questions.Select(q => (QueryAnalyzer.Analyze(q.Q, synonyms), q.Expected)).ToList(),
        };
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "content")) && File.Exists(Path.Combine(dir.FullName, "KnowledgeBase.sln"))) { return dir.FullName; }
        }
        throw new InvalidOperationException("repository root (with content/) not found above " + AppContext.BaseDirectory);
    }
}
