using KnowledgeBase.Calculators;

namespace KnowledgeBase.Pages.Calculators;

/// <summary>/calculators/batchnorm: batches as grids (samples × features), momentum, eps → every training step.</summary>
public sealed class BatchNormModel : CalculatorPage
{
    public const int MaxBatches = 8, MaxSamples = 16, MaxFeatures = 8;

    public override string Calculator => "batchnorm";

    public int Batches { get; private set; }
    /// <summary>Samples of each batch (batches may differ, as in PyTorch, where each step is its own forward call).</summary>
    public int[] Samples { get; private set; } = [];
    public int Features { get; private set; }

    protected override CalcForm Defaults() => FromJson("""
        {"momentum":0.1,"eps":0.00001,"batches":[[[1,2],[3,6],[5,4]],[[0,1],[2,3],[4,8]]]}
        """);

    protected override void Prepare()
    {
        Batches = Size("count", Extent("batches[", 2), MaxBatches);
        Features = Size("features", Extent("batches[0][0][", 2), MaxFeatures);
        Samples = new int[Batches];
        for (var b = 0; b < Batches; b++)
        {
            Samples[b] = Size($"samples[{b}]", Extent($"batches[{b}][", 3), MaxSamples);
            Fill($"batches[{b}]", Samples[b], Features, "0");
        }
    }

    protected override IEnumerable<string> PageKeys() => Enumerable.Range(0, Batches).Select(b => $"samples[{b}]").Prepend("features").Prepend("count");

    protected override IEnumerable<string> Fields() =>
        new[] { "momentum", "eps" }.Concat(Enumerable.Range(0, Batches).SelectMany(b => Cells($"batches[{b}]", Samples[b], Features)));

    protected override IEnumerable<string> Groups() => Enumerable.Range(0, Batches).Select(b => $"batches[{b}]").Append("batches");
}
