using System.Globalization;

namespace KnowledgeBase.Calculators;

/// <summary>
/// The N × C × (H·W) block of Wu &amp; He's Group Normalization figure, drawn for the chosen shape: one panel per sample
/// (rows = channels, columns = spatial positions), the values normalized together with the first element highlighted,
/// the borders of the other sets drawn. Counts of statistics and affine parameters in the table.
/// </summary>
internal static class NormalizationPicture
{
    private const int MaxN = 8, MaxC = 32, MaxS = 32;

    public static string Render(NormalizationResult res, bool en)
    {
        long n = res.Shape[0], c = res.Shape[1], s = 1;
        for (var i = 2; i < res.Shape.Length; i++) { s *= res.Shape[i]; }
        var groups = res.Kind == "group" ? res.StatisticSets / n : 1;
        int dn = (int)Math.Min(n, MaxN), dc = (int)Math.Min(c, MaxC), ds = (int)Math.Min(s, MaxS);
        var cell = Math.Clamp(200.0 / Math.Max(dc, ds), 5, 18);
        double panelW = ds * cell, panelH = dc * cell, gap = 18, top = 20;
        var width = 8 + dn * (panelW + gap);
        var height = top + panelH + 22;
        var kindName = res.Kind switch { "batch" => "BatchNorm", "layer" => "LayerNorm", "instance" => "InstanceNorm", _ => $"GroupNorm (G = {groups})" };
        var svg = new Svg(width, height,
            CalcPictures.T(en, $"{kindName}：高亮的 {res.ElementsPerSet} 个数一起归一化；共 {res.StatisticSets} 组统计量", $"{kindName}: the {res.ElementsPerSet} highlighted values are normalized together; {res.StatisticSets} statistic sets in all"),
            CalcPictures.T(en, "每块是一个样本 n，行是通道 C，列是空间位置 H·W。", "Each panel is one sample n; rows are channels C, columns spatial positions H·W."), "norm-svg");
        for (var b = 0; b < dn; b++)
        {
            var x0 = 8 + b * (panelW + gap);
            svg.Text(x0 + panelW / 2, 14, $"n = {b}");
            svg.Open("sample", ("data-n", b.ToString(CultureInfo.InvariantCulture)));
            for (var ch = 0; ch < dc; ch++)
            {
                for (var p = 0; p < ds; p++)
                {
                    var together = res.Kind switch
                    {
                        "batch" => ch == 0,
                        "layer" => b == 0,
                        "instance" => b == 0 && ch == 0,
                        _ => b == 0 && ch < c / groups,
                    };
                    svg.Rect(x0 + p * cell, top + ch * cell, cell, cell, together ? "cell set" : "cell");
                }
            }
            // Borders between statistic sets inside a panel: channels (IN, BN) or channel groups (GN).
            var per = res.Kind switch { "instance" or "batch" => 1L, "group" => c / groups, _ => c };
            for (var ch = 0L; ch <= Math.Min(c, dc); ch += per)
            {
                svg.Line(x0, top + ch * cell, x0 + panelW, top + ch * cell, "frame");
            }
            svg.Rect(x0, top, panelW, panelH, "frame");
            svg.Close();
        }
        var more = n > MaxN || c > MaxC || s > MaxS
            ? CalcPictures.T(en, $"（只画出前 {dn} 个样本、{dc} 个通道、{ds} 个位置）", $" (first {dn} samples, {dc} channels, {ds} positions drawn)") : "";
        var table = new HtmlTable(CalcPictures.T(en, "统计量与仿射参数", "Statistics and affine parameters"), "norm-table",
            CalcPictures.T(en, "量", "Quantity"), CalcPictures.T(en, "值", "Value"))
            .Row(CalcPictures.T(en, "形状", "Shape"), "[" + string.Join(", ", res.Shape) + "]")
            .Row(CalcPictures.T(en, "统计量组数（均值、方差各一个）", "Statistic sets (one mean, one variance each)"), res.StatisticSets.ToString("N0", CultureInfo.InvariantCulture))
            .Row(CalcPictures.T(en, "每组元素数", "Values per set"), res.ElementsPerSet.ToString("N0", CultureInfo.InvariantCulture))
            .Row(CalcPictures.T(en, "归一化维度", "Normalized over"), "(" + string.Join(", ", res.NormalizedOver) + ")")
            .Row(CalcPictures.T(en, "仿射参数 γ、β", "Affine parameters γ, β"), res.AffineParams.ToString("N0", CultureInfo.InvariantCulture));
        return $"<figure class=\"calc-figure\"><div class=\"calc-scroll\">{svg}</div><figcaption>{Svg.Esc(CalcPictures.T(en, "高亮：与第一个元素一起归一化的值；粗线：统计量组的边界。", "Highlighted: the values normalized together with the first element; bold lines: borders between statistic sets.") + more)}</figcaption></figure>{table}";
    }
}
