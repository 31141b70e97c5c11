using System.Globalization;
using System.Text.Json;
using KnowledgeBase.Calculators;
using KnowledgeBase.Tests.Infrastructure;
using Markdig.Syntax;

namespace KnowledgeBase.Tests.Content;

/// <summary>
/// The calc tests only check that a block is accepted; here the parameter counts that articles quote in their text
/// are recomputed from the article's own calc block, so a changed block or a typo in the prose fails.
/// </summary>
public sealed class ArticleCalcNumbersTests
{
    private static ContentArticle Article(string path) => ContentLint.Load(RepoPaths.Content, path);

    private static ParamsResponse Block(ContentArticle article, int index)
    {
        var block = article.Document.Descendants<FencedCodeBlock>().Where(b => b.Info == "calc").ElementAt(index);
        using var json = JsonDocument.Parse(block.Lines.ToString());
        Assert.Equal("params", json.RootElement.GetProperty("endpoint").GetString());
        return ParamsCalculator.Calculate(CalcJson.ParseParams(json.RootElement.GetProperty("request")));
    }

    /// <summary>Prose writes 202,383,360 or, inside LaTeX, 202{,}383{,}360.</summary>
    private static bool Quotes(ContentArticle article, long number) =>
        article.Body.Replace("{,}", ",", StringComparison.Ordinal).Contains(number.ToString("N0", CultureInfo.InvariantCulture), StringComparison.Ordinal);

    [Theory]
    [InlineData("attention/scaled-dot-product-attention.md", 0, 2_362_368)]
    [InlineData("attention/positional-encoding.md", 0, 393_216)]
    [InlineData("attention/transformer-layer-cost.md", 0, 202_383_360)]
    [InlineData("sequence/lstm-gru-gates.md", 0, 395_264)]
    [InlineData("sequence/lstm-gru-gates.md", 1, 296_448)]
    public void Quoted_count_is_what_the_calc_block_computes(string path, int index, long expected)
    {
        var article = Article(path);
        Assert.Equal(expected, Block(article, index).TotalParams);
        Assert.True(Quotes(article, expected), $"{path} does not quote {expected:N0}");
    }

    [Fact]
    public void Word2vec_matrices_are_thirty_million_each()
    {
        var result = Block(Article("sequence/word2vec-negative-sampling.md"), 0);
        Assert.Equal([30_000_000L, 30_000_000L], result.Layers.Select(l => l.Params));
    }

    [Fact]
    public void Llama_7b_total_follows_from_one_layer()
    {
        var article = Article("attention/transformer-layer-cost.md");
        var layer = Block(article, 0).TotalParams;
        // 32 layers, untied input and output embeddings (32000 × 4096), final RMSNorm (4096).
        var total = 32 * layer + 2 * 32_000L * 4_096 + 4_096;
        Assert.Equal(6_738_415_616, total);
        Assert.True(Quotes(article, total));
    }
}
