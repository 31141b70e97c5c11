using KnowledgeBase.Calculators;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeBase.Pages.Calculators;

/// <summary>/calculators/receptive-field: a conv/pool stack → per-layer size, receptive field, jump, start and the drawing.</summary>
public sealed class ReceptiveFieldModel : CalculatorPage
{
    public const int MaxRows = 64;

    public override string Calculator => "receptive-field";

    public int Count { get; private set; }

    public static readonly string[] Args = ["kernelSize", "stride", "padding", "dilation"];

    public static string Label(string arg) => arg switch { "kernelSize" => "kernel_size", var a => a };

    /// <summary>Three 3×3 convolutions see 7×7: the stacking argument of VGG.</summary>
    protected override CalcForm Defaults() => FromJson("""
        {"inputSize":16,"layers":[{"type":"conv","kernelSize":3,"stride":1,"padding":1},{"type":"conv","kernelSize":3,"stride":1,"padding":1},{"type":"conv","kernelSize":3,"stride":1,"padding":1}]}
        """);

    protected override void Prepare() => Count = Math.Min(Extent("layers[", 1), MaxRows);

    protected override IEnumerable<string> Fields() =>
        new[] { "inputSize", "pixel" }.Concat(Enumerable.Range(0, Count).SelectMany(i => Args.Prepend("type").Select(a => $"layers[{i}].{a}")));

    protected override IEnumerable<string> Groups() => Enumerable.Range(0, Count).Select(i => $"layers[{i}]").Append("layers");

    protected override IActionResult? Edit() =>
        EditRows("layers", Count, MaxRows, row =>
        {
            Form[$"layers[{row}].type"] = "conv";
            Form[$"layers[{row}].kernelSize"] = "3";
        }, count => Count = count);
}
