using System.Globalization;

namespace KnowledgeBase.Calculators;

/// <summary>
/// Receptive field drawn along one axis, generated from the layer stack: the top row is one output unit, each row below
/// the units of that layer's input it depends on (kernel, stride, padding, dilation applied backwards), down to the
/// input pixels — so two 3×3 convolutions seeing 5 pixels and three seeing 7 are drawn, not asserted. Units sit over
/// the input pixels they centre on (start + index × jump), so strided layers spread out.
/// </summary>
internal static class RfPicture
{
    public const int MaxDrawnInput = 128;

    public static string Render(ReceptiveFieldRequest r, ReceptiveFieldResponse res, long? pixel, bool en)
    {
        var layers = res.Layers;
        // Which unit of the last layer: the one asked for, else the middle one (or 0 without an input size).
        var lastSize = layers[^1].OutputSize;
        var u = pixel is long p0 && p0 >= 0 && (lastSize is null || p0 < lastSize) ? p0 : (lastSize ?? 1) / 2;
        // seen[l]: units of level l (0 = input) the chosen unit depends on; level L is the unit itself.
        var seen = new List<long>[layers.Count + 1];
        var truncated = false; // sets are cut at 4 × MaxDrawnInput units: enough to draw, not to list
        seen[layers.Count] = [u];
        for (var l = layers.Count - 1; l >= 0; l--)
        {
            var spec = r.Layers[l];
            long k = spec.KernelSize, s = spec.Stride ?? (spec.Type == "pool" ? k : 1), pad = spec.Padding ?? 0, d = spec.Dilation ?? 1;
            var below = new SortedSet<long>();
            foreach (var x in seen[l + 1])
            {
                for (long t = 0; t < k && below.Count <= 4 * MaxDrawnInput; t++) { below.Add(x * s - pad + t * d); }
            }
            truncated |= below.Count > 4 * MaxDrawnInput;
            seen[l] = [.. below];
        }
        var n0 = r.InputSize;
        var table = new HtmlTable(CalcPictures.T(en, $"每层：输出尺寸、感受野、跳步、起点；以及最后一层第 {u} 个单元用到的本层输入单元", $"Per layer: output size, receptive field, jump, start; and the units of its input that unit {u} of the last layer uses"),
            "rf-table", "#", CalcPictures.T(en, "类型", "Type"), "k / s / p / d", CalcPictures.T(en, "输出尺寸", "Output size"),
            CalcPictures.T(en, "感受野", "Receptive field"), CalcPictures.T(en, "跳步", "Jump"), CalcPictures.T(en, "起点", "Start"),
            CalcPictures.T(en, "用到的输入单元", "Input units used"));
        for (var l = 0; l < layers.Count; l++)
        {
            var spec = r.Layers[l];
            var lr = layers[l];
            table.Row(l.ToString(CultureInfo.InvariantCulture), lr.Type,
                $"{spec.KernelSize} / {spec.Stride ?? (spec.Type == "pool" ? spec.KernelSize : 1)} / {spec.Padding ?? 0} / {spec.Dilation ?? 1}",
                lr.OutputSize?.ToString(CultureInfo.InvariantCulture) ?? "—", lr.ReceptiveField.ToString(CultureInfo.InvariantCulture),
                lr.Jump.ToString(CultureInfo.InvariantCulture), Svg.Num(lr.Start), truncated ? "—" : Ranges(seen[l]));
        }
        var lo = seen[0][0];
        var hi = seen[0][^1];
        if (truncated || hi - lo + 1 > MaxDrawnInput || n0 > MaxDrawnInput || layers.Count > 40)
        {
            return $"<p class=\"calc-note\">{Svg.Esc(CalcPictures.T(en, "太大，不绘图；见表。", "Too large to draw; see the table."))}</p>{table}";
        }
        // Horizontal extent in input coordinates: the whole input when its size is known, plus any padding touched.
        double from = Math.Min(lo, 0), to = Math.Max(hi, (n0 ?? hi + 1) - 1);
        var count = to - from + 1;
        var unit = Math.Clamp(640 / count, 8, 30);
        const double Row = 30, Left = 70;
        var width = Left + count * unit + 10;
        var height = (layers.Count + 1) * Row + 20;
        var svg = new Svg(width, height,
            CalcPictures.T(en, $"最后一层第 {u} 个单元的感受野：{res.ReceptiveField} 个输入像素", $"Receptive field of unit {u} of the last layer: {res.ReceptiveField} input pixels"),
            CalcPictures.T(en, "自上而下：最后一层的一个单元、它依赖的每一层单元，直到输入像素（虚线为填充）。", "Top to bottom: one unit of the last layer, the units of each layer it depends on, down to the input pixels (dashed: padding)."),
            "rf-svg");
        for (var level = layers.Count; level >= 0; level--)
        {
            var y = 10 + (layers.Count - level) * Row;
            var jump = level == 0 ? 1 : layers[level - 1].Jump;
            var start = level == 0 ? 0 : layers[level - 1].Start;
            long? size = level == 0 ? n0 : layers[level - 1].OutputSize;
            svg.Text(4, y + Row / 2, level == 0 ? CalcPictures.T(en, "输入", "input") : $"L{level - 1}", "panel-label");
            var set = new HashSet<long>(seen[level]);
            svg.Open("level", ("data-level", level.ToString(CultureInfo.InvariantCulture)));
            // Draw the real units of this level that fall in the window, and the padding units that are used.
            var units = size is long sz ? Enumerable.Range(0, (int)Math.Min(sz, 4 * MaxDrawnInput)).Select(i => (long)i) : seen[level];
            foreach (var x in units.Concat(seen[level].Where(x => x < 0 || (size is long m && x >= m))).Distinct())
            {
                var centre = start + x * jump;
                if (centre < from - 0.5 || centre > to + 0.5) { continue; }
                var w = Math.Max(unit * Math.Min(jump, count) - 2, 4);
                var cx = Left + (centre - from + 0.5) * unit;
                var pad = x < 0 || (size is long m2 && x >= m2);
                var cls = pad ? "cell pad" : "cell";
                if (set.Contains(x)) { cls += " seen"; }
                svg.Rect(cx - w / 2, y + 4, w, Row - 8, cls, ("data-unit", x.ToString(CultureInfo.InvariantCulture)));
            }
            svg.Close();
        }
        var legend = CalcPictures.T(en, $"感受野 {res.ReceptiveField}、跳步 {res.Jump}；高亮的是第 {u} 个输出单元依赖的单元。改变层或卷积核，图随之重新生成。",
            $"Receptive field {res.ReceptiveField}, jump {res.Jump}; highlighted are the units that output unit {u} depends on. Change the layers and the drawing is generated again.");
        return $"<figure class=\"calc-figure\"><div class=\"calc-scroll\">{svg}</div><figcaption>{Svg.Esc(legend)}</figcaption></figure>{table}";
    }

    /// <summary>A sorted set of indices as ranges: "−1…3, 5".</summary>
    internal static string Ranges(List<long> xs)
    {
        var parts = new List<string>();
        for (var i = 0; i < xs.Count;)
        {
            var j = i;
            while (j + 1 < xs.Count && xs[j + 1] == xs[j] + 1) { j++; }
            parts.Add(i == j ? Svg.Num(xs[i]) : $"{Svg.Num(xs[i])}…{Svg.Num(xs[j])}");
            i = j + 1;
        }
        return $"{string.Join(", ", parts)} ({xs.Count})";
    }
}
