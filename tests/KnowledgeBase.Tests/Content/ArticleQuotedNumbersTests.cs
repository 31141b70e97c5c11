using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeBase.Calculators;
using KnowledgeBase.Tests.Infrastructure;
using Markdig.Syntax;

namespace KnowledgeBase.Tests.Content;

/// <summary>
/// Numbers that articles state in their prose, recomputed here from the formula the article gives. The runnable
/// examples check their own ```output blocks; this checks the sentences around them, so a changed formula or a
/// typo in the text fails. Fenced code is removed before searching, so an output block cannot stand in for the prose.
/// </summary>
public sealed partial class ArticleQuotedNumbersTests
{
    private static string F(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => F(fraction * 100, 0) + "%";

    public static TheoryData<string, string> Quotes()
    {
        const double GiB = 1 << 30, MiB = 1 << 20;
        var rows = new TheoryData<string, string>();

        // KV cache of LLaMA-2-7B: 2 (K and V) × 32 layers × 32 KV heads × 128 dims × 2 bytes (fp16).
        var kvPerToken = 2.0 * 32 * 32 * 128 * 2;
        rows.Add("attention/transformer-layer-cost.md", $"每 token {F(kvPerToken / MiB, 1)} MiB");
        rows.Add("attention/transformer-layer-cost.md", $"4096 token {F(kvPerToken * 4096 / GiB, 0)} GiB");
        // Attention matrix FLOPs 4nd equal the linear layers' 24d² at n = 6d; d = 4096.
        rows.Add("attention/transformer-layer-cost.md", $"$n={6 * 4096}$");
        // One layer's attention weights for backward: h·n² values in fp16.
        rows.Add("attention/transformer-layer-cost.md", $"$32\\times4096^2\\times2$ 字节 $={F(32.0 * 4096 * 4096 * 2 / GiB, 0)}$ GiB");
        // 6,738,415,616 parameters in fp16.
        rows.Add("attention/transformer-layer-cost.md", $"约 {F(6_738_415_616.0 * 2 / GiB, 1)} GiB");

        // ZeRO on Ψ = 7.5e9 parameters, N_d = 64, 16 bytes per parameter for mixed-precision Adam.
        double psi = 7.5e9, nd = 64;
        rows.Add("training/distributed-mixed-precision.md", $"每卡要 {F(16 * psi / 1e9, 0)} GB");
        rows.Add("training/distributed-mixed-precision.md",
            $"分别降到 {F((4 * psi + 12 * psi / nd) / 1e9, 2)}、{F((2 * psi + 14 * psi / nd) / 1e9, 2)}、{F(16 * psi / nd / 1e9, 2)} GB");

        // Convergence rates on a quadratic with condition number κ = 100.
        var kappa = 100.0;
        rows.Add("training/optimizers-sgd-momentum.md",
            $"从 {F((kappa - 1) / (kappa + 1), 3)} 变成 {F((Math.Sqrt(kappa) - 1) / (Math.Sqrt(kappa) + 1), 3)}");

        // Adam without bias correction at t = 1: (1 − β1) / sqrt(1 − β2); AdamW's decay (1 − ηλ)^1000.
        rows.Add("training/optimizers-adaptive.md", $"$0.1/\\sqrt{{0.001}}\\approx{F(0.1 / Math.Sqrt(0.001), 2)}$");
        rows.Add("training/optimizers-adaptive.md", $"$(1-\\eta\\lambda)^{{1000}}=0.999^{{1000}}\\approx{F(Math.Pow(0.999, 1000), 2)}$");

        // Focal loss factor (1 − p_t)^γ with γ = 2.
        rows.Add("training/loss-functions.md", $"压到交叉熵的 {Percent(Math.Pow(1 - 0.9, 2))}，$p_t=0.1$ 的保留 {Percent(Math.Pow(1 - 0.1, 2))}");

        // FPN anchors on an 800×800 image: P2–P6 with strides 4–64, 3 aspect ratios each.
        var perLevel = new[] { 4, 8, 16, 32, 64 }.Select(s => Math.Pow(Math.Ceiling(800.0 / s), 2) * 3).ToArray();
        rows.Add("detection/detection-basics.md", $"约 {F(perLevel.Sum() / 1e4, 0)} 万个 anchor，其中 {Percent(perLevel[0] / perLevel.Sum())} 在 $P_2$");

        // PyTorch's default nn.Linear init is U(±1/sqrt(n_in)), variance 1/(3 n_in); He is 2/n_in.
        rows.Add("training/weight-initialization.md", $"$1/\\sqrt{{1000}}={F(1 / Math.Sqrt(1000), 4)}$");
        rows.Add("training/weight-initialization.md", $"比 He 初始化小 {F(2.0 / (1.0 / 3), 0)} 倍");

        // Forget gate f: gradient kept after 100 steps is f^100.
        rows.Add("sequence/lstm-gru-gates.md", $"$f=0.9$ 时 100 步后也只剩 ${F(Math.Pow(0.9, 100) * 1e5, 1)}\\times10^{{-5}}$");
        rows.Add("sequence/lstm-gru-gates.md", $"100 步后仍保留 {Percent(Math.Pow(0.99, 100))}");

        // Negative sampling: share of the rarest word under unigram vs unigram^0.75.
        var counts = new[] { 50000.0, 2000, 400, 80, 10 };
        var raw = counts[^1] / counts.Sum();
        var smoothed = Math.Pow(counts[^1], 0.75) / counts.Sum(c => Math.Pow(c, 0.75));
        rows.Add("sequence/word2vec-negative-sampling.md",
            $"从 {F(raw * 100, 3)}% 提到 {F(smoothed * 100, 3)}%（约 {F(smoothed / raw, 0)} 倍）");

        // Inverted DropPath scales kept samples by 1/(1 − p), p = 0.25.
        rows.Add("training/dropout.md", $"$1/(1-0.25)={F(1 / 0.75, 3)}$");

        // Three heads in three tosses under a Beta(2, 2) prior: MAP = (k + a − 1)/(n + a + b − 2).
        rows.Add("ml/naive-bayes-mle-map.md", $"先验把它拉到 {F((3 + 2 - 1) / (3.0 + 2 + 2 - 2), 1)}");

        // F1 with P = 1, R = 0.01.
        rows.Add("ml/classification-metrics.md", $"F1 只有约 {F(2 * 1 * 0.01 / (1 + 0.01), 2)}");

        // XGBoost gain of the split x ≤ 4.5: G_L = 1, H_L = 1, G_R = −2, H_R = 1, λ = 1, γ = 0.
        double Score(double g, double h) => g * g / (h + 1);
        rows.Add("trees/xgboost-lightgbm.md", $"增益 {F(0.5 * (Score(1, 1) + Score(-2, 1) - Score(-1, 2)), 4)}");

        // The ID column's split information is log2(10); its gain ratio is H(D) = 1 divided by it.
        rows.Add("trees/decision-tree-splits.md", $"$\\log_2 10\\approx{F(Math.Log2(10), 2)}$，增益率降到 {F(1 / Math.Log2(10), 3)}");

        // Conv layer 3 → 4 channels, 3×3 kernel, with bias; output side ⌊(5 + 2 − 3)/2⌋ + 1.
        rows.Add("coding/numpy-conv-bn.md", $"$4\\times3\\times3\\times3+4={4 * 3 * 3 * 3 + 4}$");
        rows.Add("coding/numpy-conv-bn.md", $"$\\lfloor(5+2-3)/2\\rfloor+1={(5 + 2 - 3) / 2 + 1}$");

        // Boxes (10,10,50,50) and (30,30,70,70): intersection 20×20, union 1600 + 1600 − 400.
        rows.Add("coding/numpy-softmax-iou-nms.md", $"与框 5 只有 {F(400.0 / (1600 + 1600 - 400), 4)}");

        // He-initialised pre-activation: variance n_in · (2/n_in) · E[x²] = 2.
        rows.Add("training/activation-functions.md", $"$\\sqrt2\\approx{F(Math.Sqrt(2), 1)}$");
        return rows;
    }

    [Theory]
    [MemberData(nameof(Quotes))]
    public void Prose_quotes_the_computed_number(string path, string quote)
    {
        var prose = Prose(ContentLint.Load(RepoPaths.Content, path).Body);
        Assert.True(prose.Contains(quote, StringComparison.Ordinal), $"{path}: the text outside code does not say “{quote}”");
    }

    /// <summary>The hand-worked BN forward example is what the article's batchnorm calc block (PyTorch's BatchNorm1d) computes.</summary>
    [Fact]
    public void Bn_forward_example_matches_its_calc_block()
    {
        var article = ContentLint.Load(RepoPaths.Content, "coding/numpy-conv-bn.md");
        var block = article.Document.Descendants<FencedCodeBlock>().Single(b => b.Info == "calc" && b.Lines.ToString().Contains("batchnorm", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(block.Lines.ToString());
        var step = Assert.Single(BatchNormCalculator.Calculate(CalcJson.ParseBatchNorm(json.RootElement.GetProperty("request"))).Steps);

        Assert.Equal([3.0, 4.0], step.BatchMean);
        Assert.All(step.BatchVar, v => Assert.Equal(8.0 / 3, v, 12));
        Assert.All(step.BatchVarUnbiased, v => Assert.Equal(4.0, v, 12));
        var prose = Prose(article.Body);
        Assert.Contains($"均值是 {step.BatchMean[0]:0} 和 {step.BatchMean[1]:0}", prose, StringComparison.Ordinal);
        Assert.Contains($"$8/3\\approx{F(step.BatchVar[0], 3)}$", prose, StringComparison.Ordinal);
        Assert.Contains($"第一列是 ${F(step.Normalized[0][0], 4)}, 0, {F(step.Normalized[2][0], 4)}$", prose, StringComparison.Ordinal);
        Assert.Contains($"无偏方差 {step.BatchVarUnbiased[0]:0}", prose, StringComparison.Ordinal);
    }

    [Fact]
    public void Fenced_code_is_not_prose()
    {
        var prose = Prose("前文 1.0833\n\n```output\n增益 9.9999\n```\n\n后文");
        Assert.Contains("1.0833", prose, StringComparison.Ordinal);
        Assert.DoesNotContain("9.9999", prose, StringComparison.Ordinal);
    }

    private static string Prose(string body) => FenceRegex().Replace(body.Replace("\r\n", "\n", StringComparison.Ordinal), "");

    [GeneratedRegex(@"^```[^\n]*\n.*?^```[ \t]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FenceRegex();
}
