namespace KnowledgeBase.Calculators;

/// <param name="Kind">"batch", "layer", "instance" or "group".</param>
/// <param name="Shape">[N, C, *spatial] (rank 2 to 5), e.g. [N, C, H, W].</param>
/// <param name="Input">Optional values in row-major order (the API takes the nested array).</param>
public sealed record NormalizationRequest(string Kind, long[] Shape, long? NumGroups = null, double[]? Input = null, double? Eps = null);

/// <param name="StatisticSets">How many (mean, variance) pairs are computed.</param>
/// <param name="ElementsPerSet">How many numbers each pair is computed over.</param>
/// <param name="AffineParams">γ and β of the matching module with affine on (BatchNorm2d(C), LayerNorm(shape[1:]),
/// InstanceNorm2d(C, affine=True), GroupNorm(G, C)).</param>
/// <param name="NormalizedOver">The axes each statistic is taken over.</param>
/// <param name="Normalized">Row-major normalized values when input was given (the API nests them like the input).</param>
public sealed record NormalizationResult(string Kind, long[] Shape, long StatisticSets, long ElementsPerSet, long AffineParams,
    string[] NormalizedOver, double[]? Normalized);

/// <summary>
/// What BN, LN, IN and GN normalize over, for x of shape [N, C, S…] (S = product of spatial sizes), eps 1e-5,
/// equal to torch.nn.functional.batch_norm(training=True) / layer_norm(x, x.shape[1:]) / instance_norm / group_norm:
/// batch: C sets of N·S; layer: N sets of C·S; instance: N·C sets of S; group: N·G sets of (C/G)·S.
/// Each set: y = (x − μ)/√(σ² + ε) with the biased variance σ² (Wu &amp; He, "Group Normalization", 2018, fig. 2).
/// </summary>
public static class NormalizationCalculator
{
    public static NormalizationResult Calculate(NormalizationRequest r)
    {
        if (r.Shape is null || r.Shape.Length < 2 || r.Shape.Length > 5)
        {
            throw new CalcException("shape", "shape must be [N, C] plus up to 3 spatial sizes, e.g. [N, C, H, W].");
        }
        for (var i = 0; i < r.Shape.Length; i++)
        {
            if (r.Shape[i] < 1) { throw new CalcException($"shape[{i}]", "Sizes must be positive integers."); }
        }
        var eps = r.Eps ?? 1e-5;
        if (!(eps > 0 && eps <= 1)) { throw new CalcException("eps", "eps must be in (0, 1]."); }
        long n = r.Shape[0], c = r.Shape[1], s = 1;
        for (var i = 2; i < r.Shape.Length; i++) { s = CalcLimits.Mul(s, r.Shape[i], "shape"); }
        var cs = CalcLimits.Mul(c, s, "shape");
        var total = CalcLimits.Mul(n, cs, "shape");
        string[] spatial = (r.Shape.Length - 2) switch { 0 => [], 1 => ["L"], 2 => ["H", "W"], _ => ["D", "H", "W"] };
        string[] Axes(string head) => [head, .. spatial];
        long sets, per, affine;
        string[] over;
        switch (r.Kind)
        {
            case "batch":
                (sets, per, affine, over) = (c, CalcLimits.Mul(n, s, "shape"), CalcLimits.Mul(2, c, "shape"), Axes("N"));
                break;
            case "layer":
                (sets, per, affine, over) = (n, cs, CalcLimits.Mul(2, cs, "shape"), Axes("C"));
                break;
            case "instance":
                (sets, per, affine, over) = (CalcLimits.Mul(n, c, "shape"), s, CalcLimits.Mul(2, c, "shape"), spatial);
                break;
            case "group":
                if (r.NumGroups is not long g) { throw new CalcException("numGroups", "numGroups is required for group normalization."); }
                if (g < 1) { throw new CalcException("numGroups", "numGroups must be a positive integer."); }
                if (c % g != 0) { throw new CalcException("numGroups", $"The channels ({c}) must be divisible by numGroups ({g})."); }
                (sets, per, affine, over) = (CalcLimits.Mul(n, g, "shape"), CalcLimits.Mul(c / g, s, "shape"), CalcLimits.Mul(2, c, "shape"), Axes("C/G"));
                break;
            default:
                throw new CalcException("kind", "kind must be \"batch\", \"layer\", \"instance\" or \"group\".");
        }
        CalcLimits.Safe(affine, "shape");
        if (per < 2 && r.Kind is "batch" or "instance")
        {
            // PyTorch refuses this in training mode ("Expected more than 1 value per channel").
            throw new CalcException("shape", $"{r.Kind} normalization needs more than 1 value per statistic set.");
        }
        double[]? output = null;
        if (r.Input is not null)
        {
            if (total > CalcLimits.MaxElements) { throw new CalcException("input", $"At most {CalcLimits.MaxElements} input values."); }
            if (r.Input.Length != total) { throw new CalcException("input", $"input must hold {total} values for shape [{string.Join(", ", r.Shape)}]."); }
            output = Normalize(r.Kind, r.Input, (int)n, (int)c, (int)s, (int)(r.NumGroups ?? 1), eps);
            foreach (var v in output) { CalcLimits.Finite(v, "input"); }
        }
        return new NormalizationResult(r.Kind, r.Shape, sets, per, affine, over, output);
    }

    private static double[] Normalize(string kind, double[] x, int n, int c, int s, int g, double eps)
    {
        var y = new double[x.Length];
        // Every kind is a list of index sets; enumerate them and normalize each with its biased variance.
        IEnumerable<IEnumerable<int>> sets = kind switch
        {
            "batch" => Enumerable.Range(0, c).Select(ch => Enumerable.Range(0, n).SelectMany(b => Enumerable.Range((b * c + ch) * s, s))),
            "layer" => Enumerable.Range(0, n).Select(b => Enumerable.Range(b * c * s, c * s)),
            "instance" => Enumerable.Range(0, n * c).Select(bc => Enumerable.Range(bc * s, s)),
            _ => Enumerable.Range(0, n * g).Select(bg => Enumerable.Range(bg * (c / g) * s, c / g * s)),
        };
        foreach (var set in sets)
        {
            var idx = set.ToArray();
            var mean = 0.0;
            foreach (var i in idx) { mean += x[i]; }
            mean /= idx.Length;
            var variance = 0.0;
            foreach (var i in idx) { var d = x[i] - mean; variance += d * d; }
            variance /= idx.Length;
            var invStd = 1 / Math.Sqrt(variance + eps);
            foreach (var i in idx) { y[i] = (x[i] - mean) * invStd; }
        }
        return y;
    }
}
