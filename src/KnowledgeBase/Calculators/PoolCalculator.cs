using System.Text.Json.Serialization;

namespace KnowledgeBase.Calculators;

/// <summary>Pooling request on one 2-D feature map. Size arguments are <c>[h, w]</c> (a single value means both).</summary>
public sealed record PoolRequest(
    string Mode,
    double[][] Input,
    long[] KernelSize,
    long[]? Stride = null,
    long[]? Padding = null,
    long[]? Dilation = null,
    bool CeilMode = false,
    bool CountIncludePad = true,
    double[][]? GradOutput = null);

/// <param name="Indices">Max only: flat row-major index into the unpadded input (PyTorch <c>return_indices</c>).</param>
public sealed record PoolResponse(
    [property: JsonConverter(typeof(FastDoubleMatrixConverter))] double[][] Output,
    [property: JsonConverter(typeof(FastDoubleMatrixConverter))] double[][] GradInput,
    long[][]? Indices,
    long[] OutputShape);

/// <summary>
/// Max and average pooling forward and backward with PyTorch's CPU semantics (aten/src/ATen/native/Pool.h
/// <c>pooling_output_shape</c>, MaxPoolKernel.cpp, AvgPoolKernel.cpp, torch 1.13):
/// <list type="bullet">
/// <item>out = ⌊(in + 2p − d(k−1) − 1 + (ceil ? s−1 : 0)) / s⌋ + 1; with ceil_mode the last window must start
/// inside the input or the left padding: if (out−1)·s ≥ in + p then out −= 1.</item>
/// <item>p ≤ ⌊k/2⌋ (the kernel, not the dilated one), out ≥ 1, else PyTorch raises.</item>
/// <item>Max: padding is −∞ (never wins); the first maximum in row-major window order wins ties
/// (<c>val &gt; max</c>); the gradient goes to that index and overlapping windows accumulate.</item>
/// <item>Avg: hend = min(hstart + k, H + p); with count_include_pad the divisor is
/// (hend − hstart)(wend − wstart) before clipping to the input, otherwise the number of real elements.</item>
/// </list>
/// </summary>
public static class PoolCalculator
{
    /// <summary>PyTorch's <c>pooling_output_shape</c> (may return &lt; 1; callers refuse that).</summary>
    public static long OutputSize(long input, long kernel, long stride, long pad, long dilation, bool ceilMode)
    {
        var numerator = input + 2 * pad - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
        var size = FloorDiv(numerator, stride) + 1;
        if (ceilMode && (size - 1) * stride >= input + pad) { size--; }
        return size;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    /// <summary>Checks the 2-D geometry like PyTorch's pool2d_shape_check and returns [oh, ow].</summary>
    public static long[] CheckedOutputShape(long h, long w, long[] k, long[] s, long[] p, long[] d, bool ceil, string prefix)
    {
        for (var i = 0; i < 2; i++)
        {
            foreach (var (v, name) in new[] { (k[i], "kernelSize"), (s[i], "stride"), (p[i], "padding"), (d[i], "dilation") })
            {
                // Keeps d·(k − 1) + 2p and (out − 1)·s inside 64 bits.
                if (v > int.MaxValue) { throw new CalcException(prefix + name, $"{name} is too large."); }
            }
            Positive(k[i], prefix + "kernelSize");
            Positive(s[i], prefix + "stride");
            Positive(d[i], prefix + "dilation");
            if (p[i] < 0) { throw new CalcException(prefix + "padding", "padding must be >= 0."); }
            if (p[i] > k[i] / 2)
            {
                throw new CalcException(prefix + "padding", $"padding ({p[i]}) must be at most half the kernel size ({k[i]}), as PyTorch requires.");
            }
        }
        var oh = OutputSize(h, k[0], s[0], p[0], d[0], ceil);
        var ow = OutputSize(w, k[1], s[1], p[1], d[1], ceil);
        if (oh < 1 || ow < 1)
        {
            throw new CalcException(prefix + "kernelSize", $"The output would be {oh}×{ow}: the window does not fit the {h}×{w} input.");
        }
        return [oh, ow];
    }

    private static void Positive(long v, string field)
    {
        if (v < 1) { throw new CalcException(field, $"{LastName(field)} must be a positive integer."); }
    }

    internal static string LastName(string field) => field[(field.LastIndexOf('.') + 1)..];

    /// <summary>A size argument as [h, w]: null → default, one value → both.</summary>
    internal static long[] Pair(long[]? v, long[] fallback, string field) => v switch
    {
        null => fallback,
        { Length: 1 } => [v[0], v[0]],
        { Length: 2 } => v,
        _ => throw new CalcException(field, "Expected an integer or an array of 2 integers."),
    };

    public static PoolResponse Calculate(PoolRequest r)
    {
        var max = r.Mode switch
        {
            "max" => true,
            "avg" => false,
            _ => throw new CalcException("mode", "mode must be \"max\" or \"avg\"."),
        };
        var (H, W) = CheckMatrix(r.Input, "input", CalcLimits.MaxPoolSide);
        var k = Pair(r.KernelSize, [0, 0], "kernelSize");
        var s = Pair(r.Stride, k, "stride");
        var p = Pair(r.Padding, [0, 0], "padding");
        var d = Pair(r.Dilation, [1, 1], "dilation");
        if (!max && (d[0] != 1 || d[1] != 1)) { throw new CalcException("dilation", "Average pooling has no dilation in PyTorch."); }
        var shape = CheckedOutputShape(H, W, k, s, p, d, r.CeilMode, "");
        int oh = (int)shape[0], ow = (int)shape[1];
        if ((double)oh * ow * k[0] * k[1] > CalcLimits.MaxPoolWork)
        {
            // A 128×128 window slid over 256×256 is 2.7e8 reads (seconds); refuse instead of tying up the server.
            throw new CalcException("kernelSize", $"Too much work: output {oh}×{ow} × window {k[0]}×{k[1]} exceeds {CalcLimits.MaxPoolWork} element visits.");
        }
        var grad = r.GradOutput;
        if (grad is not null)
        {
            var (gh, gw) = CheckMatrix(grad, "gradOutput", CalcLimits.MaxPoolSide);
            if (gh != oh || gw != ow) { throw new CalcException("gradOutput", $"gradOutput must be {oh}×{ow} like the output, got {gh}×{gw}."); }
        }

        var output = NewMatrix(oh, ow);
        var gradInput = NewMatrix(H, W);
        var indices = max ? new long[oh][] : null;
        for (var y = 0; y < oh; y++)
        {
            if (indices is not null) { indices[y] = new long[ow]; }
            for (var x = 0; x < ow; x++)
            {
                var g = grad?[y][x] ?? 1.0;
                long h0 = y * s[0] - p[0], w0 = x * s[1] - p[1];
                if (max)
                {
                    // Skip the padding rows/columns a dilated window starts in; PyTorch starts from the first real one.
                    var hs = h0; while (hs < 0) { hs += d[0]; }
                    var ws = w0; while (ws < 0) { ws += d[1]; }
                    long he = Math.Min(h0 + (k[0] - 1) * d[0] + 1, H), we = Math.Min(w0 + (k[1] - 1) * d[1] + 1, W);
                    var best = double.NegativeInfinity;
                    var bestIndex = -1L;
                    for (var i = hs; i < he; i += d[0])
                    {
                        for (var j = ws; j < we; j += d[1])
                        {
                            var v = r.Input[i][j];
                            if (v > best) { best = v; bestIndex = i * W + j; }
                        }
                    }
                    if (bestIndex < 0)
                    {
                        throw new CalcException("dilation", $"Output ({y}, {x}) would see padding only: its dilated window skips every input element.");
                    }
                    output[y][x] = best;
                    indices![y][x] = bestIndex;
                    gradInput[bestIndex / W][bestIndex % W] += g;
                }
                else
                {
                    long he = Math.Min(h0 + k[0], H + p[0]), we = Math.Min(w0 + k[1], W + p[1]);
                    var poolSize = (he - h0) * (we - w0);
                    long hs = Math.Max(h0, 0), ws = Math.Max(w0, 0);
                    he = Math.Min(he, H); we = Math.Min(we, W);
                    var divisor = r.CountIncludePad ? poolSize : (he - hs) * (we - ws);
                    if (he <= hs || we <= ws || divisor == 0)
                    {
                        throw new CalcException("padding", $"Output ({y}, {x}) would average padding only.");
                    }
                    var sum = 0.0;
                    for (var i = hs; i < he; i++)
                    {
                        for (var j = ws; j < we; j++) { sum += r.Input[i][j]; }
                    }
                    output[y][x] = sum / divisor;
                    CalcLimits.Finite(output[y][x], "input");
                    var share = g / divisor;
                    for (var i = hs; i < he; i++)
                    {
                        for (var j = ws; j < we; j++) { gradInput[i][j] += share; }
                    }
                }
            }
        }
        foreach (var row in gradInput) { foreach (var v in row) { CalcLimits.Finite(v, "gradOutput"); } }
        return new PoolResponse(output, gradInput, indices, shape);
    }

    internal static double[][] NewMatrix(int rows, int cols)
    {
        var m = new double[rows][];
        for (var i = 0; i < rows; i++) { m[i] = new double[cols]; }
        return m;
    }

    /// <summary>Non-empty, rectangular, bounded, finite values; returns (rows, columns).</summary>
    internal static (int Rows, int Cols) CheckMatrix(double[][]? m, string field, int maxSide)
    {
        if (m is null || m.Length == 0) { throw new CalcException(field, $"{field} must be a non-empty matrix (array of rows)."); }
        if (m.Length > maxSide) { throw new CalcException(field, $"{field} may have at most {maxSide} rows."); }
        var cols = m[0]?.Length ?? 0;
        if (cols == 0) { throw new CalcException(field + "[0]", "Rows must not be empty."); }
        if (cols > maxSide) { throw new CalcException(field + "[0]", $"Rows may have at most {maxSide} values."); }
        for (var i = 0; i < m.Length; i++)
        {
            if (m[i] is null || m[i].Length != cols)
            {
                throw new CalcException($"{field}[{i}]", $"Ragged matrix: row {i} has {m[i]?.Length ?? 0} values, row 0 has {cols}.");
            }
            for (var j = 0; j < cols; j++)
            {
                if (!double.IsFinite(m[i][j]) || Math.Abs(m[i][j]) > CalcLimits.MaxAbsValue)
                {
                    throw new CalcException($"{field}[{i}][{j}]", $"Values must be finite with magnitude at most {CalcLimits.MaxAbsValue:R}.");
                }
            }
        }
        return (m.Length, cols);
    }
}
