using System.Globalization;
using KnowledgeBase.Calculators;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeBase.Pages.Calculators;

/// <summary>One argument of a layer row: API name (camelCase), PyTorch's name and default as the label shows them.</summary>
public sealed record LayerArg(string Name, string Label, ArgKind Kind, string Default = "");

public enum ArgKind { Int, Sizes, Bool }

/// <summary>/calculators/params: a list of layer rows (type + arguments), convention and input shape → torchinfo-like table.</summary>
public sealed class ParamsModel : CalculatorPage
{
    public const int MaxRows = 64;

    public override string Calculator => "params";

    public int Count { get; private set; }

    private static LayerArg I(string name, string label, string fallback = "") => new(name, label, ArgKind.Int, fallback);
    private static LayerArg S(string name, string label, string fallback = "") => new(name, label, ArgKind.Sizes, fallback);
    private static LayerArg B(string name, string label, bool fallback) => new(name, label, ArgKind.Bool, fallback ? "true" : "false");

    private static readonly LayerArg[] Conv =
    [
        I("inChannels", "in_channels"), I("outChannels", "out_channels"), S("kernelSize", "kernel_size"), S("stride", "stride", "1"),
        S("padding", "padding", "0"), S("dilation", "dilation", "1"), I("groups", "groups", "1"), B("bias", "bias", true),
    ];
    private static readonly LayerArg[] Recurrent = [I("inputSize", "input_size"), I("hiddenSize", "hidden_size"), I("numLayers", "num_layers", "1"), B("bias", "bias", true), B("bidirectional", "bidirectional", false)];
    private static readonly LayerArg[] BatchNorm = [I("numFeatures", "num_features"), B("affine", "affine", true), B("trackRunningStats", "track_running_stats", true)];
    private static readonly LayerArg[] InstanceNorm = [I("numFeatures", "num_features"), B("affine", "affine", false)];
    private static readonly LayerArg[] Pool = [S("kernelSize", "kernel_size"), S("stride", "stride", "= kernel_size"), S("padding", "padding", "0"), S("dilation", "dilation", "1"), B("ceilMode", "ceil_mode", false)];

    /// <summary>Layer types in the order of the type list, each with the constructor arguments that change its count or shape.</summary>
    public static readonly IReadOnlyList<(string Type, string Text, LayerArg[] Args)> Types =
    [
        ("linear", "Linear", [I("inFeatures", "in_features"), I("outFeatures", "out_features"), B("bias", "bias", true)]),
        ("conv1d", "Conv1d", Conv), ("conv2d", "Conv2d", Conv), ("conv3d", "Conv3d", Conv),
        ("rnn", "RNN", Recurrent), ("gru", "GRU", [.. Recurrent, B("resetAfter", "reset_after (Keras)", true)]),
        ("lstm", "LSTM", [.. Recurrent, I("projSize", "proj_size", "0")]),
        ("batchnorm1d", "BatchNorm1d", BatchNorm), ("batchnorm2d", "BatchNorm2d", BatchNorm), ("batchnorm3d", "BatchNorm3d", BatchNorm),
        ("instancenorm1d", "InstanceNorm1d", InstanceNorm), ("instancenorm2d", "InstanceNorm2d", InstanceNorm), ("instancenorm3d", "InstanceNorm3d", InstanceNorm),
        ("layernorm", "LayerNorm", [S("normalizedShape", "normalized_shape"), B("elementwiseAffine", "elementwise_affine", true), B("bias", "bias", true)]),
        ("groupnorm", "GroupNorm", [I("numGroups", "num_groups"), I("numChannels", "num_channels"), B("affine", "affine", true)]),
        ("embedding", "Embedding", [I("numEmbeddings", "num_embeddings"), I("embeddingDim", "embedding_dim")]),
        ("multiheadattention", "MultiheadAttention", [I("embedDim", "embed_dim"), I("numHeads", "num_heads"), B("bias", "bias", true),
            B("addBiasKv", "add_bias_kv", false), I("kdim", "kdim", "= embed_dim"), I("vdim", "vdim", "= embed_dim")]),
        ("maxpool2d", "MaxPool2d", Pool), ("avgpool2d", "AvgPool2d", Pool[..4].Where(a => a.Name != "dilation").Append(Pool[4]).ToArray()),
        ("flatten", "Flatten", []), ("relu", "ReLU", []), ("gelu", "GELU", []), ("tanh", "Tanh", []), ("sigmoid", "Sigmoid", []), ("dropout", "Dropout", []),
    ];

    public static LayerArg[] ArgsOf(string type) => Types.FirstOrDefault(t => t.Type == type).Args ?? [];

    public string TypeOf(int row) => Form.Get($"layers[{row}].type", "linear");

    protected override CalcForm Defaults() => CalcForm.FromJson(ParamsTable.Presets[0].Request.DeepClone());

    protected override void Prepare() => Count = Math.Min(Extent("layers[", 1), MaxRows);

    protected override IEnumerable<string> Fields()
    {
        yield return "convention";
        yield return "inputShape";
        for (var i = 0; i < Count; i++)
        {
            yield return $"layers[{i}].type";
            foreach (var arg in ArgsOf(TypeOf(i))) { yield return $"layers[{i}].{arg.Name}"; }
        }
    }

    protected override IEnumerable<string> Groups() => Enumerable.Range(0, Count).Select(i => $"layers[{i}]").Append("layers");

    /// <summary>Rows added, removed or moved by submit buttons (no JavaScript needed), then a clean URL of the new list.</summary>
    protected override IActionResult? Edit() =>
        EditRows("layers", Count, MaxRows, row => Form[$"layers[{row}].type"] = "linear", count => Count = count);
}
