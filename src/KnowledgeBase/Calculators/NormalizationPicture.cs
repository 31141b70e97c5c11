using System.Globalization;

namespace KnowledgeBase.Calculators;

/// <summary>
/// The N × C × (H·W) block of Wu &amp; He's Group Normalization figure, drawn for the chosen shape: one panel per sample
/// (rows = channels, columns = spatial positions), the values normalized together with the first element highlighted,
/// the borders of the other sets drawn. Counts of statistics and affine parameters in the table.
/// </summary>
internal static class NormalizationPicture
{
    /// <summary>
    /// Cells drawn per axis at most: a shape like [8, 32, 16, 16] cell by cell was 8,192 rects (≈ 560 KB of SVG per
    /// picture, four of them in one article). A long axis shows its first cells, a "…" gap and its last cell, so the
    /// boundaries between statistic sets (first against last sample, channel group 0 against the last group) stay visible.
    /// </summary>
    internal const int MaxN = 4, MaxC = 8, MaxS = 16;

    public static string Render(NormalizationResult res, bool en)
    {
        long n = res.Shape[0], c = res.Shape[1], s = 1;
        for (var i = 2; i < res.Shape.Length; i++) { s *= res.Shape[i]; }
        var groups = res.Kind == "group" ? res.StatisticSets / n : 1;
        long[] ns = Shown(n, MaxN), cs = Shown(c, MaxC), ss = Shown(s, MaxS);
        var cell = Math.Clamp(200.0 / Math.Max(Slots(cs), Slots(ss)), 5, 18);
        double panelW = Slots(ss) * cell, panelH = Slots(cs) * cell, gap = 18, top = 20;
        // A narrow slot for the "…" between the first samples and the last, not a whole empty panel.
        double panelStep = panelW + gap, nGap = Slots(ns) > ns.Length ? 24 : 0;
        var width = 8 + ns.Length * panelStep + nGap;
        var height = top + panelH + 22;
        var kindName = res.Kind switch { "batch" => "BatchNorm", "layer" => "LayerNorm", "instance" => "InstanceNorm", _ => $"GroupNorm (G = {groups})" };
        var svg = new Svg(width, height,
            CalcPictures.T(en, $"{kindName}：高亮的 {res.ElementsPerSet} 个数一起归一化；共 {res.StatisticSets} 组统计量", $"{kindName}: the {res.ElementsPerSet} highlighted values are normalized together; {res.StatisticSets} statistic sets in all"),
            CalcPictures.T(en, "每块是一个样本 n，行是通道 C，列是空间位置 H·W。", "Each panel is one sample n; rows are channels C, columns spatial positions H·W."), "norm-svg");
        // Channels per statistic set inside a panel: one (IN, BN), C/G (GN) or all (LN).
        var per = res.Kind switch { "instance" or "batch" => 1L, "group" => c / groups, _ => c };
        for (var bi = 0; bi < ns.Length; bi++)
        {
            var b = ns[bi];
            var x0 = 8 + bi * panelStep + (Slot(ns, bi) > bi ? nGap : 0);
            if (Slot(ns, bi) > bi) { svg.Text(x0 - (gap + nGap) / 2, top + panelH / 2 + 4, "…", "gap"); }
            svg.Text(x0 + panelW / 2, 14, $"n = {b}");
            svg.Open("sample", ("data-n", b.ToString(CultureInfo.InvariantCulture)));
            for (var ci = 0; ci < cs.Length; ci++)
            {
                var ch = cs[ci];
                var y = top + Slot(cs, ci) * cell;
                for (var si = 0; si < ss.Length; si++)
                {
                    var together = res.Kind switch
                    {
                        "batch" => ch == 0,
                        "layer" => b == 0,
                        "instance" => b == 0 && ch == 0,
                        _ => b == 0 && ch < per,
                    };
                    svg.Rect(x0 + Slot(ss, si) * cell, y, cell, cell, together ? "cell set" : "cell");
                }
                if (ci > 0 && cs[ci - 1] / per != ch / per) { svg.Line(x0, y, x0 + panelW, y, "frame"); }
            }
            if (cs.Length > 1 && cs[^2] + 1 < cs[^1]) { svg.Text(x0 + panelW / 2, top + (Slot(cs, cs.Length - 1) - 0.5) * cell + 4, "⋮", "gap"); }
            if (ss.Length > 1 && ss[^2] + 1 < ss[^1]) { svg.Text(x0 + (Slot(ss, ss.Length - 1) - 0.5) * cell, top + panelH / 2 + 4, "…", "gap"); }
            svg.Rect(x0, top, panelW, panelH, "frame");
            svg.Close();
        }
        var more = n > MaxN || c > MaxC || s > MaxS
            ? CalcPictures.T(en, "（轴太长时只画出开头几个和最后一个样本、通道、位置，“…”处省略）", " (on a long axis only the first few and the last sample, channel or position are drawn; “…” marks the ones left out)") : "";
        var table = new HtmlTable(CalcPictures.T(en, "统计量与仿射参数", "Statistics and affine parameters"), "norm-table",
            CalcPictures.T(en, "量", "Quantity"), CalcPictures.T(en, "值", "Value"))
            .Row(CalcPictures.T(en, "形状", "Shape"), "[" + string.Join(", ", res.Shape) + "]")
            .Row(CalcPictures.T(en, "统计量组数（均值、方差各一个）", "Statistic sets (one mean, one variance each)"), res.StatisticSets.ToString("N0", CultureInfo.InvariantCulture))
            .Row(CalcPictures.T(en, "每组元素数", "Values per set"), res.ElementsPerSet.ToString("N0", CultureInfo.InvariantCulture))
            .Row(CalcPictures.T(en, "归一化维度", "Normalized over"), "(" + string.Join(", ", res.NormalizedOver) + ")")
            .Row(CalcPictures.T(en, "仿射参数 γ、β", "Affine parameters γ, β"), res.AffineParams.ToString("N0", CultureInfo.InvariantCulture));
        return $"<figure class=\"calc-figure\"><div class=\"calc-scroll\">{svg}</div><figcaption>{Svg.Esc(CalcPictures.T(en, "高亮：与第一个元素一起归一化的值；粗线：统计量组的边界。", "Highlighted: the values normalized together with the first element; bold lines: borders between statistic sets.") + more)}</figcaption></figure>{table}";
    }

    /// <summary>The indices drawn of an axis of <paramref name="size"/>: all, or the first max − 1 and the last.</summary>
    internal static long[] Shown(long size, int max) =>
        size <= max ? [.. Enumerable.Range(0, (int)size).Select(i => (long)i)] : [.. Enumerable.Range(0, max - 1).Select(i => (long)i), size - 1];

    /// <summary>Slot (in cells) of the i-th drawn index: one empty slot for the "…" before the last when indices are left out.</summary>
    private static int Slot(long[] shown, int i) => i == shown.Length - 1 && shown.Length > 1 && shown[^2] + 1 < shown[^1] ? i + 1 : i;

    private static int Slots(long[] shown) => Slot(shown, shown.Length - 1) + 1;
}
