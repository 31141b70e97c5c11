using KnowledgeBase.Data;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Search;

/// <summary>
/// The app over the committed fixture corpus (Search/corpus/) plus the shipped content/synonyms.yml,
/// copied to a scratch folder so tests that edit articles cannot touch the repository.
/// </summary>
public sealed class SearchCorpusFixture : IDisposable
{
    public static string CorpusPath => Path.Combine(RepoPaths.Root, "tests", "KnowledgeBase.Tests", "Search", "corpus");

    public SearchCorpusFixture()
    {
        ContentPath = CopyCorpus();
        Factory = new SearchFactory(ContentPath);
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

/// <summary>
/// KbFactory whose temp database is certain to be the one the app uses: on this branch AddData reads the
/// connection string while registering, before the factory's configuration applies (fixed on main by
/// resolving Db lazily; this override is then redundant but harmless).
/// </summary>
public sealed class SearchFactory(string contentPath) : KbFactory(contentPath)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton(new Db($"Data Source={DatabasePath}")));
    }
}
