using KnowledgeBase.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KnowledgeBase.Tests.Search;

/// <summary>
/// Natural-language questions over the real articles: relevance-questions.json (the set to tune on) and
/// relevance-questions-holdout.json (same style, other wording: checks that tuning generalizes). Both are
/// printed (hit@5, MRR, zero-result rate, per kind, every miss); the targets below are asserted by
/// <see cref="Question_sets_meet_targets"/>.
/// </summary>
[Collection(ContentHost.Name)]
public class QuestionRelevanceTests(KbFactory factory, ITestOutputHelper output)
{
    public const double TargetHitAt5 = 0.92;
    public const double TargetMrr = 0.85;
    public const double TargetMaxZeroResultRate = 0.03;

    private const string Questions = "relevance-questions.json";
    private const string Holdout = "relevance-questions-holdout.json";

    [Fact]
    public async Task Question_sets_are_sound_and_their_figures_are_printed()
    {
        var articles = RelevanceSet.SlugsIn(RepoPaths.Content);
        Assert.True(articles.Count >= 30, $"{articles.Count} articles in content/");

        var questions = RelevanceSet.Load(Questions);
        var holdout = RelevanceSet.Load(Holdout);
        Assert.True(questions.Count >= 300, $"{Questions} has {questions.Count} questions");
        Assert.True(holdout.Count >= 60, $"{Holdout} has {holdout.Count} questions");
        Assert.Empty(questions.Select(c => c.Q).Intersect(holdout.Select(c => c.Q)));
        foreach (var set in new[] { questions, holdout })
        {
            RelevanceSet.AssertExpectedSlugsExist(set, RepoPaths.Content);
            Assert.All(set, c => Assert.NotEmpty(c.Expected));
            Assert.Equal(set.Count, set.Select(c => c.Q).Distinct().Count());
            Assert.Empty(articles.Except(set.SelectMany(c => c.Expected)));
        }
        var perArticle = questions.SelectMany(c => c.Expected).CountBy(s => s).Min(p => p.Value);
        Assert.True(perArticle >= 4, $"an article has only {perArticle} questions in {Questions}");

        using var client = factory.CreateClient();
        var (figures, _) = await RelevanceSet.MeasureAsync(Questions, questions, client, factory.DatabasePath, output);
        var (heldOut, _) = await RelevanceSet.MeasureAsync(Holdout, holdout, client, factory.DatabasePath, output);
        output.WriteLine(RelevanceMetrics.Table([figures.Total, heldOut.Total]));
        Assert.Equal(questions.Count, figures.Total.Queries);
        Assert.Equal(holdout.Count, heldOut.Total.Queries);
    }

    [Fact]
    public async Task Question_sets_meet_targets()
    {
        using var client = factory.CreateClient();
        foreach (var file in new[] { Questions, Holdout })
        {
            var (figures, _) = await RelevanceSet.MeasureAsync(file, RelevanceSet.Load(file), client, factory.DatabasePath, output);
            var t = figures.Total;
            Assert.True(t.HitAt5 >= TargetHitAt5, $"{file}: hit@5 {t.HitAt5:0.000} < {TargetHitAt5}");
            Assert.True(t.Mrr >= TargetMrr, $"{file}: MRR {t.Mrr:0.000} < {TargetMrr}");
            Assert.True(t.ZeroResultRate <= TargetMaxZeroResultRate, $"{file}: zero-result rate {t.ZeroResultRate:0.000} > {TargetMaxZeroResultRate}");
        }
    }
}
