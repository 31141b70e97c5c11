using KnowledgeBase.Calculators;

namespace KnowledgeBase.Pages.Calculators;

/// <summary>/calculators/batchnorm: batches as grids (samples × features), momentum, eps → every training step.</summary>
public sealed class BatchNormModel : CalculatorPage
{
    public const int MaxBatches = 8, MaxSamples = 16, MaxFeatures = 8;

    public override string Calculator => "batchnorm";

    public int Batches { get; private set; }
    public int Samples { get; private set; }
    public int Features { get; private set; }

    protected override CalcForm Defaults() => FromJson("""
        {"momentum":0.1,"eps":0.00001,"batches":[[[1,2],[3,6],[5,4]],[[0,1],[2,3],[4,8]]]}
        """);

    protected override void Prepare()
    {
        Batches = Size("count", Extent("batches[", 2), MaxBatches);
        Samples = Size("samples", Extent("batches[0][", 3), MaxSamples);
        Features = Size("features", Extent("batches[0][0][", 2), MaxFeatures);
        for (var b = 0; b < Batches; b++) { Fill($"batches[{b}]", Samples, Features, "0"); }
    }

    protected override IEnumerable<string> PageKeys() => ["count", "samples", "features"];

    protected override IEnumerable<string> Fields() =>
        new[] { "momentum", "eps" }.Concat(Enumerable.Range(0, Batches).SelectMany(b => Cells($"batches[{b}]", Samples, Features)));

    protected override IEnumerable<string> Groups() => Enumerable.Range(0, Batches).Select(b => $"batches[{b}]").Append("batches");
}
