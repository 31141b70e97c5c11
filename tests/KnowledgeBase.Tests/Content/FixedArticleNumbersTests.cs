using System.Globalization;
using System.Text.Json;
using KnowledgeBase.Calculators;
using KnowledgeBase.Tests.Infrastructure;
using Markdig.Syntax;

namespace KnowledgeBase.Tests.Content;

/// <summary>
/// Numbers that the articles on parameters, receptive fields and training memory state in their prose, recomputed
/// from the article's own calc blocks (whose calculators are checked against PyTorch) or from the rule the
/// article gives, so a changed block or a typo in the text fails.
/// </summary>
public sealed class FixedArticleNumbersTests
{
    private static ContentArticle Article(string path) => ContentLint.Load(RepoPaths.Content, path);

    private static JsonElement Request(ContentArticle article, int index, string endpoint)
    {
        var block = article.Document.Descendants<FencedCodeBlock>().Where(b => b.Info == "calc").ElementAt(index);
        using var json = JsonDocument.Parse(block.Lines.ToString());
        Assert.Equal(endpoint, json.RootElement.GetProperty("endpoint").GetString());
        return json.RootElement.GetProperty("request").Clone();
    }

    private static long Params(ContentArticle article, int index) =>
        ParamsCalculator.Calculate(CalcJson.ParseParams(Request(article, index, "params"))).TotalParams;

    private static bool Quotes(ContentArticle article, string text) => article.Body.Contains(text, StringComparison.Ordinal);

    private static string Grouped(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("params/fully-connected-params.md", 0, 32)]
    [InlineData("params/conv-params.md", 0, 15)]
    [InlineData("params/conv-params.md", 1, 13)]
    [InlineData("params/rnn-lstm-gru-params.md", 0, 48)]
    public void Small_counts_in_the_summary_are_what_the_calc_block_computes(string path, int index, long expected)
    {
        var article = Article(path);
        Assert.Equal(expected, Params(article, index));
        Assert.True(Quotes(article, expected.ToString(CultureInfo.InvariantCulture)), $"{path} does not quote {expected}");
    }

    [Fact]
    public void Bert_base_total_follows_from_one_layer()
    {
        var article = Article("params/transformer-params.md");
        var layer = Params(article, 0);
        Assert.Equal(7_087_872, layer);
        const long embeddings = (30_522 + 512 + 2) * 768L + 2 * 768; // token, position, segment, LayerNorm
        const long pooler = 768L * 768 + 768;
        var total = embeddings + 12 * layer + pooler;
        Assert.Equal(109_482_240, total);
        foreach (var n in new[] { layer, embeddings, 12 * layer, pooler, total })
        {
            Assert.True(Quotes(article, Grouped(n)), $"transformer-params does not quote {Grouped(n)}");
        }
    }

    [Fact]
    public void Mixed_precision_adam_is_sixteen_bytes_per_parameter_including_master_weights()
    {
        var article = Article("params/transformer-params.md");
        // fp16 weights 2 + fp16 gradients 2 + fp32 master weights 4 + Adam m 4 + Adam v 4: the article names each part.
        Assert.True(Quotes(article, "fp16 权重 2 + fp16 梯度 2 + **fp32 主权重**（master weights）4 + Adam 的两个 fp32 状态 $m$、$v$ 各 4"));
        Assert.Equal(1.76e9, 110e6 * 16, 3);
        Assert.True(Quotes(article, "1.76"));
    }

    /// <summary>Fixed dilation grows the receptive field linearly; doubling dilation grows it exponentially (PyTorch: 13 and 15).</summary>
    [Fact]
    public void Dilation_growth_is_linear_for_a_fixed_rate_and_exponential_when_doubling()
    {
        var article = Article("cnn/two-3x3-receptive-field.md");
        var calcs = article.Document.Descendants<FencedCodeBlock>().Count(b => b.Info == "calc");
        var fixedRate = ReceptiveFieldCalculator.Calculate(CalcJson.ParseReceptiveField(Request(article, calcs - 2, "receptive-field")));
        var doubling = ReceptiveFieldCalculator.Calculate(CalcJson.ParseReceptiveField(Request(article, calcs - 1, "receptive-field")));
        Assert.Equal([5L, 9, 13], fixedRate.Layers.Select(l => l.ReceptiveField));
        Assert.Equal([3L, 7, 15], doubling.Layers.Select(l => l.ReceptiveField));
        Assert.True(Quotes(article, "| 2, 2, 2 | 5, 9, 13 |"));
        Assert.True(Quotes(article, "| 1, 2, 4 | 3, 7, 15 |"));
    }
}
