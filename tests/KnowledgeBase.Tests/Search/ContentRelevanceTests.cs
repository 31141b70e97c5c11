using KnowledgeBase.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KnowledgeBase.Tests.Search;

/// <summary>
/// The relevance set relevance-content.json over the REAL articles in content/ (what the site serves):
/// same measures and thresholds as the fixture corpus (see <see cref="RelevanceSet"/>).
/// </summary>
[Collection(ContentHost.Name)]
public class ContentRelevanceTests(KbFactory factory, ITestOutputHelper output)
{
    [Fact]
    public async Task Relevance_set_over_real_content_meets_hit_at_5_and_mrr_and_beats_like_baseline()
    {
        using var client = factory.CreateClient();
        // Floors: the keyword-only engine (substring AND) scored hit@5 1.000 and MRR 0.996 on this set; question search must not lose that.
        await RelevanceSet.AssertMeetsTargetsAsync("relevance-content.json", client, factory.DatabasePath, RepoPaths.Content, output, minHitAt5: 1.0, minMrr: 0.996);
    }
}
