namespace KnowledgeBase.Calculators;

/// <param name="Type">"conv" or "pool".</param>
/// <param name="Stride">Default 1 for conv, kernelSize for pool (as in PyTorch).</param>
public sealed record RfLayer(string Type, long KernelSize, long? Stride = null, long? Padding = null, long? Dilation = null);

/// <param name="InputSize">Input length along one spatial axis; optional (output sizes are then null).</param>
public sealed record ReceptiveFieldRequest(long? InputSize, IReadOnlyList<RfLayer> Layers);

/// <param name="Start">Centre of the first output unit's field, in input index coordinates (pixel i is at i).</param>
public sealed record RfLayerResult(int Index, string Type, long? OutputSize, long ReceptiveField, long Jump, double Start);

public sealed record ReceptiveFieldResponse(long ReceptiveField, long Jump, double Start, IReadOnlyList<RfLayerResult> Layers);

/// <summary>
/// Receptive field of a stack of convolutions and poolings along one axis — the recurrences of Araujo, Norris and
/// Sim, "Computing Receptive Fields of Convolutional Neural Networks", Distill 2019:
/// k' = d(k − 1) + 1 (dilated kernel); r_l = r_{l−1} + (k'_l − 1)·j_{l−1}; j_l = j_{l−1}·s_l;
/// start_l = start_{l−1} + ((k'_l − 1)/2 − p_l)·j_{l−1}, with r_0 = j_0 = 1, start_0 = 0;
/// output size n_l = ⌊(n_{l−1} + 2p_l − k'_l)/s_l⌋ + 1 (PyTorch floor mode).
/// </summary>
public static class ReceptiveFieldCalculator
{
    public static ReceptiveFieldResponse Calculate(ReceptiveFieldRequest r)
    {
        if (r.InputSize is < 1) { throw new CalcException("inputSize", "inputSize must be a positive integer."); }
        if (r.InputSize > CalcLimits.MaxSafeInteger) { throw new CalcException("inputSize", "inputSize is too large."); }
        if (r.Layers is null || r.Layers.Count == 0) { throw new CalcException("layers", "layers must be a non-empty array."); }
        if (r.Layers.Count > CalcLimits.MaxLayers) { throw new CalcException("layers", $"At most {CalcLimits.MaxLayers} layers."); }
        long rf = 1, jump = 1;
        var start = 0.0;
        var size = r.InputSize;
        var results = new RfLayerResult[r.Layers.Count];
        for (var i = 0; i < r.Layers.Count; i++)
        {
            var l = r.Layers[i];
            var at = $"layers[{i}].";
            var pool = l.Type switch
            {
                "conv" => false,
                "pool" => true,
                _ => throw new CalcException(at + "type", $"Unknown layer type \"{l.Type}\"; use \"conv\" or \"pool\"."),
            };
            var k = l.KernelSize;
            var s = l.Stride ?? (pool ? k : 1);
            var p = l.Padding ?? 0;
            var d = l.Dilation ?? 1;
            if (k < 1) { throw new CalcException(at + "kernelSize", "kernelSize must be a positive integer."); }
            if (s < 1) { throw new CalcException(at + "stride", "stride must be a positive integer."); }
            if (d < 1) { throw new CalcException(at + "dilation", "dilation must be a positive integer."); }
            if (p < 0) { throw new CalcException(at + "padding", "padding must be >= 0."); }
            var kEff = CalcLimits.Add(CalcLimits.Mul(d, k - 1, at + "dilation"), 1, at + "dilation");
            start += ((kEff - 1) / 2.0 - p) * jump;
            rf = CalcLimits.Add(rf, CalcLimits.Mul(kEff - 1, jump, at + "kernelSize"), at + "kernelSize");
            jump = CalcLimits.Mul(jump, s, at + "stride");
            if (size is long n)
            {
                var padded = CalcLimits.Add(n, CalcLimits.Mul(2, p, at + "padding"), at + "padding");
                if (padded < kEff)
                {
                    throw new CalcException(at + "kernelSize", $"The output size drops below 1: input {n} + 2×{p} padding is smaller than the kernel span {kEff}.");
                }
                size = (padded - kEff) / s + 1;
            }
            CalcLimits.Finite(start, at + "padding");
            results[i] = new RfLayerResult(i, l.Type, size, rf, jump, start);
        }
        return new ReceptiveFieldResponse(rf, jump, start, results);
    }
}
