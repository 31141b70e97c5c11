using KnowledgeBase.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KnowledgeBase.Tests.Search;

/// <summary>
/// The relevance set relevance-content.json over the REAL articles in content/ (what the site serves):
/// same measures and thresholds as the fixture corpus (see <see cref="RelevanceSet"/>).
/// </summary>
public class ContentRelevanceTests(ContentRelevanceTests.ContentFixture fx, ITestOutputHelper output) : IClassFixture<ContentRelevanceTests.ContentFixture>
{
    [Fact]
    public Task Relevance_set_over_real_content_meets_hit_at_5_and_mrr_and_beats_like_baseline() =>
        RelevanceSet.AssertMeetsTargetsAsync("relevance-content.json", fx.Client, fx.Factory.DatabasePath, RepoPaths.Content, output);

    /// <summary>The app over the repository's content/ (read-only: nothing here edits articles).</summary>
    public sealed class ContentFixture : IDisposable
    {
        public KbFactory Factory { get; } = new();
        public HttpClient Client => _client ??= Factory.CreateClient();
        private HttpClient? _client;

        public void Dispose()
        {
            _client?.Dispose();
            Factory.Dispose();
        }
    }
}
