using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Search;

/// <summary>
/// The app over the committed fixture corpus (Search/corpus/) plus the shipped content/synonyms.yml,
/// copied to a scratch folder so tests that edit articles cannot touch the repository. One host for every
/// class that only reads it (<c>[Collection(SearchCorpusFixture.Name)]</c>); tests that edit make their own.
/// </summary>
public sealed class SearchCorpusFixture : IDisposable
{
    public const string Name = "search corpus host";

    public static string CorpusPath => Path.Combine(RepoPaths.Root, "tests", "KnowledgeBase.Tests", "Search", "corpus");

    public SearchCorpusFixture()
    {
        ContentPath = CopyCorpus();
        Factory = new KbFactory(ContentPath);
        Client = Factory.CreateClient();
    }

    public string ContentPath { get; }
    public KbFactory Factory { get; }
    public HttpClient Client { get; }

    public static string CopyCorpus()
    {
        var target = RepoPaths.CopyContent(CorpusPath);
        File.Copy(Path.Combine(RepoPaths.Content, "synonyms.yml"), Path.Combine(target, "synonyms.yml"));
        return target;
    }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        try { Directory.Delete(ContentPath, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(SearchCorpusFixture.Name)]
public sealed class SearchCorpusCollection : ICollectionFixture<SearchCorpusFixture>;
