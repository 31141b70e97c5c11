using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KnowledgeBase.Calculators;

/// <summary>A preset of the parameter counter: a request the articles discuss (ids and requests in params-presets.json).</summary>
public sealed record ParamsPreset(string Id, string Title, JsonObject Request);

/// <summary>
/// The parameter counter's result like torchinfo's summary: per layer type, output shape, parameters, trainable and the
/// formula with the numbers filled in, then totals. The same layer list is also counted under the other convention, so
/// a recurrent or batch-norm layer shows where PyTorch and Keras differ, and why.
/// </summary>
internal static class ParamsTable
{
    /// <summary>The presets, read once from the assembly (scripts/golden/gen_params_presets.py checks them against PyTorch).</summary>
    public static readonly IReadOnlyList<ParamsPreset> Presets = LoadPresets();

    private static List<ParamsPreset> LoadPresets()
    {
        using var stream = typeof(ParamsTable).Assembly.GetManifestResourceStream("KnowledgeBase.Calculators.params-presets.json")!;
        return JsonNode.Parse(stream)!.AsArray()
            .Select(p => new ParamsPreset((string)p!["id"]!, (string)p["title"]!, p["request"]!.AsObject()))
            .ToList();
    }

    private static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);

    public static string Render(ParamsRequest request, bool en)
    {
        var res = ParamsCalculator.Calculate(request);
        var keras = res.Convention == "keras";
        ParamsResponse? other = null;
        try { other = ParamsCalculator.Calculate(request with { Convention = keras ? "pytorch" : "keras" }); }
        catch (CalcException) { } // e.g. projSize, which Keras lacks: no comparison column then
        string name = keras ? "Keras" : "PyTorch", otherName = keras ? "PyTorch" : "Keras";
        var sb = new StringBuilder();
        sb.Append("<div class=\"calc-scroll\"><table class=\"calc-table params-table\"><caption>")
            .Append(Svg.Esc(CalcPictures.T(en, $"{name} 约定：共 {N(res.TotalParams)} 个参数", $"{name} convention: {N(res.TotalParams)} parameters")))
            .Append("</caption><thead><tr>");
        foreach (var h in new[]
        {
            "#", CalcPictures.T(en, "层（类型）", "Layer (type)"), CalcPictures.T(en, "输出形状", "Output shape"), CalcPictures.T(en, "参数量", "Param #"),
            CalcPictures.T(en, "可训练", "Trainable"), CalcPictures.T(en, "公式", "Formula"), CalcPictures.T(en, $"{otherName} 中", $"In {otherName}"),
        })
        {
            sb.Append("<th scope=\"col\">").Append(Svg.Esc(h)).Append("</th>");
        }
        sb.Append("</tr></thead><tbody>");
        foreach (var l in res.Layers)
        {
            var o = other?.Layers[l.Index];
            var differs = o is not null && o.Params != l.Params;
            sb.Append("<tr").Append(differs ? " class=\"differs\"" : "").Append("><th scope=\"row\">").Append(l.Index).Append("</th><td>")
                .Append(Svg.Esc(l.Type)).Append("</td><td>")
                .Append(l.OutputShape is null ? "—" : Svg.Esc("[" + string.Join(", ", l.OutputShape) + "]")).Append("</td><td class=\"num\">")
                .Append(N(l.Params)).Append("</td><td class=\"num\">").Append(N(l.TrainableParams)).Append("</td><td>")
                .Append(Svg.Esc(l.Formula)).Append("</td><td>");
            sb.Append(o is null ? "—" : Svg.Esc(N(o.Params) + (differs ? " — " + Why(l.Type, en) : "")));
            sb.Append("</td></tr>");
        }
        sb.Append("</tbody><tfoot>");
        Total(sb, CalcPictures.T(en, "总参数", "Total params"), res.TotalParams, other?.TotalParams);
        Total(sb, CalcPictures.T(en, "可训练", "Trainable params"), res.TrainableParams, other?.TrainableParams);
        Total(sb, CalcPictures.T(en, "不可训练", "Non-trainable params"), res.NonTrainableParams, other?.NonTrainableParams);
        sb.Append("</tfoot></table></div>");
        return sb.ToString();
    }

    private static void Total(StringBuilder sb, string label, long value, long? other) =>
        sb.Append("<tr><th scope=\"row\" colspan=\"3\">").Append(Svg.Esc(label)).Append("</th><td class=\"num\" data-total>").Append(N(value))
            .Append("</td><td colspan=\"2\"></td><td>").Append(other is long o ? N(o) : "—").Append("</td></tr>");

    /// <summary>Why a layer's count differs between the conventions (the two places they do).</summary>
    private static string Why(string type, bool en) => type switch
    {
        "rnn" or "gru" or "lstm" => CalcPictures.T(en,
            "PyTorch 每个门有两个偏置 b_ih、b_hh；Keras 一个（GRU reset_after=True 时两个）",
            "PyTorch has two biases per gate (b_ih, b_hh); Keras one (two for GRU with reset_after=True)"),
        _ => CalcPictures.T(en,
            "Keras 把滑动均值和方差（2C，不可训练）算作参数；PyTorch 把它们当 buffer",
            "Keras counts the moving mean and variance (2C, non-trainable) as weights; PyTorch keeps them as buffers"),
    };
}
