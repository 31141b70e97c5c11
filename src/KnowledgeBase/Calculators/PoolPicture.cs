using System.Text;

namespace KnowledgeBase.Calculators;

/// <summary>
/// Pooling drawn: input (with its padding ring) → output → gradient w.r.t. the input. Each window is outlined on the
/// input; for max the cell that wins it (PyTorch's tie rule, from <see cref="PoolResponse.Indices"/>) is marked and the
/// gradient panel shows what every input cell receives, summed over overlapping windows; for avg every window cell
/// receives its share g / divisor. Each output cell lists its window and targets in data attributes, which
/// calculators.js highlights on hover or focus.
/// </summary>
internal static class PoolPicture
{
    /// <summary>Bigger maps are computed but not drawn (the table would be thousands of rows).</summary>
    public const int MaxDrawnSide = 24;

    private const double Cell = 34, Gap = 46, Top = 26;

    public static string Render(PoolRequest r, PoolResponse res, bool en)
    {
        var H = r.Input.Length;
        var W = r.Input[0].Length;
        int oh = res.Output.Length, ow = res.Output[0].Length;
        if (Math.Max(Math.Max(H, W), Math.Max(oh, ow)) > MaxDrawnSide)
        {
            return $"<p class=\"calc-note\">{Svg.Esc(CalcPictures.T(en, $"输入超过 {MaxDrawnSide}×{MaxDrawnSide}，不绘图。", $"Inputs larger than {MaxDrawnSide}×{MaxDrawnSide} are not drawn."))}</p>";
        }
        var max = r.Mode == "max";
        var k = PoolCalculator.Pair(r.KernelSize, [1, 1], "kernelSize");
        var s = PoolCalculator.Pair(r.Stride, k, "stride");
        var p = PoolCalculator.Pair(r.Padding, [0, 0], "padding");
        var d = PoolCalculator.Pair(r.Dilation, [1, 1], "dilation");

        // Panel origins: input with its padding ring, then output, then the gradient (same size as the input).
        double inX = 8, inW = (W + 2 * p[1]) * Cell, inH = (H + 2 * p[0]) * Cell;
        double outX = inX + inW + Gap, outW = ow * Cell;
        double gradX = outX + outW + Gap, gradW = W * Cell;
        var height = Top + Math.Max(inH, Math.Max(oh * Cell, H * Cell)) + 8;
        var width = gradX + gradW + 8;
        var title = CalcPictures.T(en, $"{(max ? "最大" : "平均")}池化：输入 {H}×{W} → 输出 {oh}×{ow} → 输入梯度",
            $"{(max ? "Max" : "Average")} pooling: input {H}×{W} → output {oh}×{ow} → gradient w.r.t. input");
        var desc = CalcPictures.T(en, "左：输入（虚线为填充），框出每个窗口；中：输出与上游梯度 g；右：反向传播到输入的梯度。表格给出同样的数。",
            "Left: input (dashed cells are padding) with every window outlined; middle: output and upstream gradient g; right: gradient flowing back to the input. The table below lists the same numbers.");
        var svg = new Svg(width, height, title, desc, "pool-svg");
        svg.Text(inX, 16, CalcPictures.T(en, "输入", "input"), "panel-label")
            .Text(outX, 16, CalcPictures.T(en, "输出 (g)", "output (g)"), "panel-label")
            .Text(gradX, 16, CalcPictures.T(en, "∂L/∂输入", "∂L/∂input"), "panel-label");
        svg.Line(inX + inW + 6, Top + 14, outX - 8, Top + 14, "arrow");
        svg.Line(gradX - 8, Top + 14 + Cell, outX + outW + 6, Top + 14 + Cell, "arrow back");

        // Which input cells win (max) — the flat index PyTorch returns — and from how many windows.
        var wins = new Dictionary<long, int>();
        if (res.Indices is { } idx)
        {
            foreach (var row in idx) { foreach (var v in row) { wins[v] = wins.GetValueOrDefault(v) + 1; } }
        }

        svg.Open("panel panel-in");
        for (var i = -(int)p[0]; i < H + p[0]; i++)
        {
            for (var j = -(int)p[1]; j < W + p[1]; j++)
            {
                double x = inX + (j + p[1]) * Cell, y = Top + (i + p[0]) * Cell;
                if (i < 0 || j < 0 || i >= H || j >= W)
                {
                    svg.Rect(x, y, Cell, Cell, "cell pad");
                    continue;
                }
                var win = wins.ContainsKey((long)i * W + j);
                svg.Rect(x, y, Cell, Cell, win ? "cell win" : "cell", ("data-cell", $"{i},{j}"));
                svg.Text(x + Cell / 2, y + Cell / 2 + 4, Svg.Num(r.Input[i][j]), win ? "v win" : "v");
            }
        }
        for (var y = 0; y < oh; y++)
        {
            for (var x = 0; x < ow; x++)
            {
                // The window's span in padded coordinates (dilated windows span d·(k − 1) + 1 cells).
                double wx = inX + (x * s[1]) * Cell, wy = Top + (y * s[0]) * Cell;
                double ww = (d[1] * (k[1] - 1) + 1) * Cell, wh = (d[0] * (k[0] - 1) + 1) * Cell;
                svg.Rect(wx + 2, wy + 2, ww - 4, wh - 4, "window", ("data-out", $"{y},{x}"));
            }
        }
        svg.Close();

        var table = new HtmlTable(CalcPictures.T(en, "每个输出单元：窗口、值和回传的梯度", "Each output cell: window, value and the gradient sent back"), "pool-table",
            CalcPictures.T(en, "输出 (行, 列)", "Output (row, col)"), CalcPictures.T(en, "窗口行", "Window rows"), CalcPictures.T(en, "窗口列", "Window cols"),
            CalcPictures.T(en, "值", "Value"), "g",
            max ? CalcPictures.T(en, "最大值位置", "Winner (row, col)") : CalcPictures.T(en, "除数", "Divisor"),
            max ? CalcPictures.T(en, "它得到的梯度", "Gradient it gets") : CalcPictures.T(en, "每格分得", "Share per cell"));
        svg.Open("panel panel-out");
        for (var y = 0; y < oh; y++)
        {
            for (var x = 0; x < ow; x++)
            {
                var g = r.GradOutput?[y][x] ?? 1.0;
                long h0 = y * s[0] - p[0], w0 = x * s[1] - p[1];
                long h1 = h0 + d[0] * (k[0] - 1), w1 = w0 + d[1] * (k[1] - 1);
                var targets = new StringBuilder();
                string who, what;
                if (max)
                {
                    var at = res.Indices![y][x];
                    targets.Append(at / W).Append(',').Append(at % W);
                    who = $"({at / W}, {at % W})";
                    what = Svg.Num(g);
                }
                else
                {
                    // Same bounds as PoolCalculator: the divisor counts padding (countIncludePad) but not the overhang.
                    long he = Math.Min(h0 + k[0], H + p[0]), we = Math.Min(w0 + k[1], W + p[1]);
                    var pool = (he - h0) * (we - w0);
                    long hs = Math.Max(h0, 0), ws = Math.Max(w0, 0);
                    he = Math.Min(he, H); we = Math.Min(we, W);
                    var divisor = r.CountIncludePad ? pool : (he - hs) * (we - ws);
                    for (var i = hs; i < he; i++)
                    {
                        for (var j = ws; j < we; j++) { targets.Append(targets.Length > 0 ? ";" : "").Append(i).Append(',').Append(j); }
                    }
                    who = divisor.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    what = $"{Svg.Num(g)} / {who} = {Svg.Num(g / divisor)}";
                }
                var rows = $"{h0}…{h1}";
                var cols = $"{w0}…{w1}";
                table.Row($"({y}, {x})", rows, cols, Svg.Num(res.Output[y][x]), Svg.Num(g), who, what);
                double cx = outX + x * Cell, cy = Top + y * Cell;
                svg.Open("out", ("tabindex", "0"), ("data-out", $"{y},{x}"), ("data-targets", targets.ToString()));
                svg.Title(CalcPictures.T(en, $"输出 ({y}, {x}) = {Svg.Num(res.Output[y][x])}；窗口行 {rows}、列 {cols}；g = {Svg.Num(g)} → {(max ? who : what)}",
                    $"output ({y}, {x}) = {Svg.Num(res.Output[y][x])}; window rows {rows}, cols {cols}; g = {Svg.Num(g)} → {(max ? who : what)}"));
                svg.Rect(cx, cy, Cell, Cell, "cell");
                svg.Text(cx + Cell / 2, cy + Cell / 2, Svg.Num(res.Output[y][x]), "v");
                svg.Text(cx + Cell / 2, cy + Cell - 4, "g " + Svg.Num(g), "g");
                svg.Close();
            }
        }
        svg.Close();

        svg.Open("panel panel-grad");
        for (var i = 0; i < H; i++)
        {
            for (var j = 0; j < W; j++)
            {
                double x = gradX + j * Cell, y = Top + i * Cell;
                var v = res.GradInput[i][j];
                var cls = v != 0 ? "cell nz" : "cell";
                if (wins.GetValueOrDefault((long)i * W + j) > 1) { cls += " sum"; }
                svg.Rect(x, y, Cell, Cell, cls, ("data-cell", $"{i},{j}"));
                svg.Text(x + Cell / 2, y + Cell / 2 + 4, Svg.Num(v), v != 0 ? "v nz" : "v");
            }
        }
        svg.Close();

        var legend = CalcPictures.T(en,
            max ? "粗框：赢得某个窗口的输入（并列时取窗口内按行优先的第一个，同 PyTorch）；双框：被多个窗口选中，梯度相加。悬停或聚焦输出单元查看它的窗口与梯度去向。"
                : "平均池化：窗口内每个输入分得 g / 除数；重叠处相加。悬停或聚焦输出单元查看它的窗口与梯度去向。",
            max ? "Bold: the input that wins a window (ties go to the first in row-major window order, as in PyTorch); double: chosen by several windows, gradients added. Hover or focus an output cell to see its window and where its gradient goes."
                : "Average pooling: every cell of a window receives g / divisor; overlaps add up. Hover or focus an output cell to see its window and where its gradient goes.");
        return $"<figure class=\"calc-figure\"><div class=\"calc-scroll\">{svg}</div><figcaption>{Svg.Esc(legend)}</figcaption></figure>{table}";
    }
}
