using System.Globalization;
using System.Text;

namespace KnowledgeBase.Calculators;

/// <summary>
/// Batch-norm steps shown: per batch the batch mean, the biased variance (used to normalize) beside the unbiased one
/// (blended into the running variance), the running statistics after the step, and the batch normalized both ways —
/// train mode (batch statistics) and eval mode (running statistics) — so their difference is visible. A chart draws each
/// feature's running mean creeping towards the batch means at the pace momentum sets.
/// </summary>
internal static class BatchNormPicture
{
    public static string Render(BatchNormRequest r, BatchNormResponse res, bool en)
    {
        var sb = new StringBuilder();
        sb.Append(Chart(res, en));
        var features = res.Steps[0].BatchMean.Length;
        for (var b = 0; b < res.Steps.Count; b++)
        {
            var step = res.Steps[b];
            sb.Append("<h3>").Append(Svg.Esc(CalcPictures.T(en, $"第 {b + 1} 批（{r.Batches[b].Length} 个样本）", $"Batch {b + 1} ({r.Batches[b].Length} samples)"))).Append("</h3>");
            var stats = new HtmlTable(CalcPictures.T(en, "统计量（每个特征一行）", "Statistics (one row per feature)"), "bn-stats",
                CalcPictures.T(en, "特征", "Feature"), CalcPictures.T(en, "批均值", "Batch mean"), CalcPictures.T(en, "有偏方差（归一化用）", "Biased variance (normalizes)"),
                CalcPictures.T(en, "无偏方差（进滑动方差）", "Unbiased variance (into running var)"), CalcPictures.T(en, "滑动均值", "Running mean"), CalcPictures.T(en, "滑动方差", "Running variance"));
            for (var j = 0; j < features; j++)
            {
                stats.Row($"x{j}", Svg.Num(step.BatchMean[j]), Svg.Num(step.BatchVar[j]), Svg.Num(step.BatchVarUnbiased[j]), Svg.Num(step.RunningMean[j]), Svg.Num(step.RunningVar[j]));
            }
            sb.Append(stats);
            var head = new List<string> { CalcPictures.T(en, "样本", "Sample") };
            for (var j = 0; j < features; j++) { head.Add($"x{j}"); }
            for (var j = 0; j < features; j++) { head.Add(CalcPictures.T(en, $"训练 y{j}", $"train y{j}")); }
            for (var j = 0; j < features; j++) { head.Add(CalcPictures.T(en, $"评估 y{j}", $"eval y{j}")); }
            var outputs = new HtmlTable(CalcPictures.T(en, "输入与输出：训练模式用批统计量，评估模式用此步之后的滑动统计量（γ = 1，β = 0）",
                "Input and output: train mode uses the batch statistics, eval mode the running statistics after this step (γ = 1, β = 0)"), "bn-out", [.. head]);
            for (var i = 0; i < r.Batches[b].Length; i++)
            {
                var row = new List<string> { i.ToString(CultureInfo.InvariantCulture) };
                for (var j = 0; j < features; j++) { row.Add(Svg.Num(r.Batches[b][i][j])); }
                for (var j = 0; j < features; j++) { row.Add(Svg.Num(step.Normalized[i][j])); }
                for (var j = 0; j < features; j++) { row.Add(Svg.Num((r.Batches[b][i][j] - step.RunningMean[j]) / Math.Sqrt(step.RunningVar[j] + res.Eps))); }
                outputs.Row([.. row]);
            }
            sb.Append(outputs);
        }
        return sb.ToString();
    }

    /// <summary>Batch means (dots) and running means (line from 0) per feature over the steps; at most 4 features.</summary>
    private static string Chart(BatchNormResponse res, bool en)
    {
        var steps = res.Steps.Count;
        var features = Math.Min(res.Steps[0].BatchMean.Length, 4);
        var values = res.Steps.SelectMany(s => s.BatchMean.Take(features).Concat(s.RunningMean.Take(features))).Append(0).ToArray();
        double lo = values.Min(), hi = values.Max();
        if (hi - lo < 1e-12) { hi = lo + 1; }
        const double W = 420, H = 160, Left = 44, Top = 10, Bottom = 22;
        double X(int step) => Left + (W - Left - 10) * step / Math.Max(steps, 1);
        double Y(double v) => Top + (H - Top - Bottom) * (hi - v) / (hi - lo);
        var svg = new Svg(W, H, CalcPictures.T(en, "滑动均值随批次变化", "Running mean over the batches"),
            CalcPictures.T(en, $"每个特征的滑动均值从 0 出发，每步按 momentum = {Svg.Num(res.Momentum)} 向该批均值（圆点）移动。数值见下表。",
                $"Each feature's running mean starts at 0 and moves towards the batch mean (dots) by momentum = {Svg.Num(res.Momentum)} each step. The tables below give the numbers."), "bn-svg");
        svg.Line(Left, Y(0), W - 10, Y(0), "arrow");
        svg.Text(Left - 20, Y(hi) + 4, Svg.Num(hi)).Text(Left - 20, Y(lo) + 4, Svg.Num(lo));
        for (var s = 0; s <= steps; s++) { svg.Text(X(s), H - 6, s.ToString(CultureInfo.InvariantCulture)); }
        for (var j = 0; j < features; j++)
        {
            svg.Open($"series s{j}");
            double prevX = X(0), prevY = Y(0);
            for (var s = 0; s < steps; s++)
            {
                double x = X(s + 1), y = Y(res.Steps[s].RunningMean[j]);
                svg.Line(prevX, prevY, x, y, "run");
                svg.Circle(x, Y(res.Steps[s].BatchMean[j]), 3, "batch");
                (prevX, prevY) = (x, y);
            }
            svg.Text(prevX + 2, prevY - 4, $"x{j}", "series-label");
            svg.Close();
        }
        return $"<figure class=\"calc-figure\">{svg}<figcaption>{Svg.Esc(CalcPictures.T(en, "线：滑动均值；点：批均值。横轴：批次。", "Lines: running mean; dots: batch mean. Across: batches."))}</figcaption></figure>";
    }
}
