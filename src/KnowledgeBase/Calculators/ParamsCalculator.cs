using System.Globalization;

namespace KnowledgeBase.Calculators;

/// <summary>
/// One layer: <see cref="Type"/> plus the PyTorch constructor arguments it needs (camelCase). Size arguments
/// (kernelSize, stride, padding, dilation) are arrays; a single value applies to every spatial axis.
/// </summary>
public sealed record LayerSpec
{
    /// <summary>linear, conv1d/2d/3d, rnn, gru, lstm, batchnorm1d/2d/3d, layernorm, groupnorm, instancenorm1d/2d/3d,
    /// embedding, multiheadattention, maxpool2d, avgpool2d, flatten, relu, dropout (and other shape-keeping activations).</summary>
    public required string Type { get; init; }
    public long? InFeatures { get; set; }
    public long? OutFeatures { get; set; }
    public bool? Bias { get; set; }
    public long? InChannels { get; set; }
    public long? OutChannels { get; set; }
    public long[]? KernelSize { get; set; }
    public long[]? Stride { get; set; }
    public long[]? Padding { get; set; }
    /// <summary>Conv <c>padding</c> given as a string, "valid" or "same" (JSON: <c>padding</c>; not PyTorch's padding_mode).</summary>
    public string? PaddingKeyword { get; set; }
    public long[]? Dilation { get; set; }
    public long? Groups { get; set; }
    public bool? CeilMode { get; set; }
    public long? InputSize { get; set; }
    public long? HiddenSize { get; set; }
    public long? NumLayers { get; set; }
    public bool? Bidirectional { get; set; }
    public long? ProjSize { get; set; }
    /// <summary>Keras GRU only (default true): a second bias vector for the recurrent kernel.</summary>
    public bool? ResetAfter { get; set; }
    public long? NumFeatures { get; set; }
    public bool? Affine { get; set; }
    public bool? TrackRunningStats { get; set; }
    public long[]? NormalizedShape { get; set; }
    public bool? ElementwiseAffine { get; set; }
    public long? NumGroups { get; set; }
    public long? NumChannels { get; set; }
    public long? NumEmbeddings { get; set; }
    public long? EmbeddingDim { get; set; }
    public long? EmbedDim { get; set; }
    public long? NumHeads { get; set; }
    public long? Kdim { get; set; }
    public long? Vdim { get; set; }
    public bool? AddBiasKv { get; set; }
}

/// <param name="Convention">"pytorch" (default) or "keras".</param>
/// <param name="InputShape">Per-sample input shape (no batch axis), e.g. [C, H, W], [F] or [L, F] for recurrent layers.</param>
public sealed record ParamsRequest(string? Convention, long[]? InputShape, IReadOnlyList<LayerSpec> Layers);

public sealed record LayerParams(int Index, string Type, long Params, long TrainableParams, long NonTrainableParams, string Formula, long[]? OutputShape);

public sealed record ParamsResponse(string Convention, long TotalParams, long TrainableParams, long NonTrainableParams, IReadOnlyList<LayerParams> Layers);

/// <summary>
/// Parameter counts, as <c>sum(p.numel() for p in model.parameters())</c> in PyTorch or <c>model.count_params()</c>
/// in Keras. Formulas (bias terms only when bias is on):
/// <list type="bullet">
/// <item>linear: in·out + out. conv: out·(in/groups)·∏k + out.</item>
/// <item>RNN/GRU/LSTM with G = 1/3/4 gates, per layer and direction, PyTorch (two biases b_ih, b_hh):
/// G·[h·(h_r + in) + 2h] + (projSize: p·h), h_r = projSize or h, in = inputSize for layer 0 else dirs·h_r.
/// Keras (one bias per gate): G·[h·(h + in) + h]; GRU with reset_after (default) has two: G·[h·(h + in) + 2h].</item>
/// <item>BatchNorm: PyTorch 2C (γ, β; running stats are buffers); Keras 4C, of which the moving mean and
/// variance (2C) are non-trainable. LayerNorm 2·∏shape, GroupNorm/InstanceNorm 2C (when affine).</item>
/// <item>Embedding n·d. MultiheadAttention: E·(E + kdim + vdim) + 3E (in-proj) + E·E + E (out-proj) [+ 2E bias_k/v].</item>
/// </list>
/// Sources: torch/nn/modules/{linear,conv,rnn,batchnorm,normalization,sparse,activation}.py (1.13); Keras layer
/// docs for SimpleRNN/GRU/LSTM/BatchNormalization. Arithmetic is 64-bit and refused above 2^53 − 1.
/// </summary>
public static class ParamsCalculator
{
    /// <summary>Bounds the work (and formula length) of one recurrent layer.</summary>
    public const int MaxRecurrentLayers = 100;

    private static readonly HashSet<string> ShapeKeeping = ["relu", "dropout", "sigmoid", "tanh", "gelu", "leakyrelu", "softmax", "identity", "silu", "elu"];

    public static ParamsResponse Calculate(ParamsRequest r)
    {
        var convention = r.Convention ?? "pytorch";
        if (convention is not ("pytorch" or "keras")) { throw new CalcException("convention", "convention must be \"pytorch\" or \"keras\"."); }
        var keras = convention == "keras";
        if (r.Layers is null || r.Layers.Count == 0) { throw new CalcException("layers", "layers must be a non-empty array."); }
        if (r.Layers.Count > CalcLimits.MaxLayers) { throw new CalcException("layers", $"At most {CalcLimits.MaxLayers} layers."); }
        var shape = r.InputShape;
        if (shape is not null)
        {
            if (shape.Length is 0 or > CalcLimits.MaxRank) { throw new CalcException("inputShape", $"inputShape must have 1 to {CalcLimits.MaxRank} sizes (per sample, no batch axis)."); }
            for (var i = 0; i < shape.Length; i++)
            {
                if (shape[i] < 1 || shape[i] > CalcLimits.MaxSafeInteger) { throw new CalcException($"inputShape[{i}]", "Sizes must be positive integers."); }
            }
        }
        long total = 0, trainable = 0;
        var results = new LayerParams[r.Layers.Count];
        for (var i = 0; i < r.Layers.Count; i++)
        {
            var at = $"layers[{i}]";
            var layer = r.Layers[i] ?? throw new CalcException(at, "A layer must be an object.");
            var (p, t, formula) = Count(layer, keras, at);
            if (shape is not null) { shape = OutputShape(layer, shape, at); }
            total = CalcLimits.Add(total, p, "layers");
            trainable = CalcLimits.Add(trainable, t, "layers");
            results[i] = new LayerParams(i, layer.Type, p, t, p - t, formula, shape);
        }
        return new ParamsResponse(convention, total, trainable, total - trainable, results);
    }

    private static string N(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static long Req(long? v, string at, string name, long min = 1)
    {
        if (v is not long x) { throw new CalcException($"{at}.{name}", $"{name} is required."); }
        if (x < min) { throw new CalcException($"{at}.{name}", min == 1 ? $"{name} must be a positive integer." : $"{name} must be >= {min}."); }
        if (x > CalcLimits.MaxSafeInteger) { throw new CalcException($"{at}.{name}", $"{name} is too large."); }
        return x;
    }

    private static long Opt(long? v, long fallback, string at, string name, long min = 1) => v is null ? fallback : Req(v, at, name, min);

    /// <summary>Returns (params, trainable, formula).</summary>
    private static (long, long, string) Count(LayerSpec l, bool keras, string at)
    {
        long Mul(long a, long b) => CalcLimits.Mul(a, b, at);
        long Add(long a, long b) => CalcLimits.Add(a, b, at);
        switch (l.Type)
        {
            case "linear":
            {
                long i = Req(l.InFeatures, at, "inFeatures"), o = Req(l.OutFeatures, at, "outFeatures");
                var w = Mul(i, o);
                return l.Bias ?? true ? All(Add(w, o), $"{N(i)} × {N(o)} + {N(o)}") : All(w, $"{N(i)} × {N(o)}");
            }
            case "conv1d" or "conv2d" or "conv3d":
            {
                var dims = l.Type[4] - '0';
                long i = Req(l.InChannels, at, "inChannels"), o = Req(l.OutChannels, at, "outChannels"), g = Opt(l.Groups, 1, at, "groups");
                if (i % g != 0) { throw new CalcException($"{at}.groups", $"inChannels ({i}) must be divisible by groups ({g})."); }
                if (o % g != 0) { throw new CalcException($"{at}.groups", $"outChannels ({o}) must be divisible by groups ({g})."); }
                if (l.KernelSize is null) { throw new CalcException($"{at}.kernelSize", "kernelSize is required."); }
                var k = Sizes(l.KernelSize, dims, 1, at, "kernelSize", 1);
                var stride = Sizes(l.Stride, dims, 1, at, "stride", 1);
                if (l.PaddingKeyword == "same" && stride.Any(x => x != 1)) { throw new CalcException($"{at}.padding", "padding=\"same\" needs stride 1 (PyTorch)."); }
                Sizes(l.Dilation, dims, 1, at, "dilation", 1);
                Sizes(l.Padding, dims, 0, at, "padding", 0);
                var w = Mul(o, i / g);
                foreach (var kk in k) { w = Mul(w, kk); }
                var text = $"{N(o)} × {(g == 1 ? N(i) : $"({N(i)} / {N(g)})")} × {string.Join(" × ", k.Select(N))}";
                return l.Bias ?? true ? All(Add(w, o), $"{text} + {N(o)}") : All(w, text);
            }
            case "rnn" or "gru" or "lstm":
                return Recurrent(l, keras, at);
            case "batchnorm1d" or "batchnorm2d" or "batchnorm3d":
            {
                var c = Req(l.NumFeatures, at, "numFeatures");
                var affine = l.Affine ?? true;
                var gammaBeta = affine ? Mul(2, c) : 0;
                if (keras && (l.TrackRunningStats ?? true))
                {
                    var moving = Mul(2, c);
                    var totalK = Add(gammaBeta, moving);
                    var text = affine ? $"4 × {N(c)} (γ, β trainable; moving mean, variance non-trainable)" : $"2 × {N(c)} (moving mean, variance non-trainable)";
                    return (totalK, gammaBeta, $"{text} = {N(totalK)}");
                }
                return affine ? All(gammaBeta, $"2 × {N(c)} (γ, β)") : All(0, "affine=False: no parameters (running stats are buffers)");
            }
            case "instancenorm1d" or "instancenorm2d" or "instancenorm3d":
            {
                var c = Req(l.NumFeatures, at, "numFeatures");
                return l.Affine ?? false ? All(Mul(2, c), $"2 × {N(c)} (γ, β)") : All(0, "affine=False (PyTorch default): no parameters");
            }
            case "layernorm":
            {
                if (l.NormalizedShape is not { Length: > 0 } ns) { throw new CalcException($"{at}.normalizedShape", "normalizedShape is required."); }
                var prod = 1L;
                for (var j = 0; j < ns.Length; j++) { prod = Mul(prod, Req(ns[j], at, $"normalizedShape[{j}]")); }
                var dims = string.Join(" × ", ns.Select(N));
                if (!(l.ElementwiseAffine ?? true)) { return All(0, "elementwiseAffine=False: no parameters"); }
                // bias=False (PyTorch ≥ 2.1) keeps γ only.
                return l.Bias ?? true ? All(Mul(2, prod), $"2 × {dims} (γ, β)") : All(prod, $"1 × {dims} (γ)");
            }
            case "groupnorm":
            {
                long g = Req(l.NumGroups, at, "numGroups"), c = Req(l.NumChannels, at, "numChannels");
                if (c % g != 0) { throw new CalcException($"{at}.numGroups", $"numChannels ({c}) must be divisible by numGroups ({g})."); }
                return l.Affine ?? true ? All(Mul(2, c), $"2 × {N(c)} (γ, β)") : All(0, "affine=False: no parameters");
            }
            case "embedding":
            {
                long n = Req(l.NumEmbeddings, at, "numEmbeddings"), d = Req(l.EmbeddingDim, at, "embeddingDim");
                return All(Mul(n, d), $"{N(n)} × {N(d)}");
            }
            case "multiheadattention":
            {
                long e = Req(l.EmbedDim, at, "embedDim"), h = Req(l.NumHeads, at, "numHeads");
                if (e % h != 0) { throw new CalcException($"{at}.numHeads", $"embedDim ({e}) must be divisible by numHeads ({h})."); }
                long kd = Opt(l.Kdim, e, at, "kdim"), vd = Opt(l.Vdim, e, at, "vdim");
                var bias = l.Bias ?? true;
                var inProj = Mul(e, Add(Add(e, kd), vd));
                var outProj = Mul(e, e);
                var p = Add(inProj, outProj);
                var text = kd == e && vd == e ? $"3 × {N(e)} × {N(e)}" : $"{N(e)} × ({N(e)} + {N(kd)} + {N(vd)})";
                text += $" + {N(e)} × {N(e)}";
                if (bias) { p = Add(p, Mul(4, e)); text += $" + 4 × {N(e)}"; }
                if (l.AddBiasKv ?? false) { p = Add(p, Mul(2, e)); text += $" + 2 × {N(e)}"; }
                return All(p, text);
            }
            case "maxpool2d" or "avgpool2d":
                if (l.KernelSize is null) { throw new CalcException($"{at}.kernelSize", "kernelSize is required."); }
                return All(0, "no parameters");
            case "flatten":
                return All(0, "no parameters");
            default:
                if (ShapeKeeping.Contains(l.Type)) { return All(0, "no parameters"); }
                throw new CalcException($"{at}.type", $"Unknown layer type \"{l.Type}\".");
        }
    }

    /// <summary>All parameters trainable; arithmetic formulas get their result appended.</summary>
    private static (long, long, string) All(long p, string text) => (p, p, text.Contains('×') ? $"{text} = {N(p)}" : text);

    private static (long, long, string) Recurrent(LayerSpec l, bool keras, string at)
    {
        long Mul(long a, long b) => CalcLimits.Mul(a, b, at);
        long Add(long a, long b) => CalcLimits.Add(a, b, at);
        long gates = l.Type switch { "lstm" => 4, "gru" => 3, _ => 1 };
        long input = Req(l.InputSize, at, "inputSize"), h = Req(l.HiddenSize, at, "hiddenSize"), layers = Opt(l.NumLayers, 1, at, "numLayers");
        var proj = Opt(l.ProjSize, 0, at, "projSize", 0);
        if (proj != 0 && l.Type != "lstm") { throw new CalcException($"{at}.projSize", "projSize exists only for lstm."); }
        if (proj >= h && proj != 0) { throw new CalcException($"{at}.projSize", $"projSize ({proj}) must be smaller than hiddenSize ({h})."); }
        if (proj != 0 && keras) { throw new CalcException($"{at}.projSize", "Keras LSTM has no projection; use the pytorch convention."); }
        // resetAfter is ignored outside Keras GRU: PyTorch always has both b_ih and b_hh, so the same layer list can be
        // sent under either convention (the notes' BiGRU example: 12,620 Keras with resetAfter=false, 12,850 PyTorch).
        if (layers > MaxRecurrentLayers) { throw new CalcException($"{at}.numLayers", $"numLayers may be at most {MaxRecurrentLayers}."); }
        var bias = l.Bias ?? true;
        var dirs = l.Bidirectional ?? false ? 2L : 1L;
        var hr = proj == 0 ? h : proj;
        // Bias vectors per gate: PyTorch always has b_ih and b_hh; Keras one, GRU reset_after (default) two.
        long biases = !bias ? 0 : !keras ? 2 : l.Type == "gru" && (l.ResetAfter ?? true) ? 2 : 1;
        var total = 0L;
        var terms = new List<string>();
        for (var layer = 0; layer < layers; layer++)
        {
            var inL = layer == 0 ? input : Mul(dirs, hr);
            var perDir = Mul(gates, Add(Mul(h, Add(hr, inL)), Mul(biases, h)));
            var biasText = biases switch { 0 => "", 1 => $" + {N(h)}", _ => $" + 2 × {N(h)}" };
            var text = biases == 0 ? $"{N(gates)} × {N(h)} × ({N(hr)} + {N(inL)})" : $"{N(gates)} × [{N(h)} × ({N(hr)} + {N(inL)}){biasText}]";
            if (proj != 0)
            {
                perDir = Add(perDir, Mul(proj, h));
                text = $"{text} + {N(proj)} × {N(h)}";
            }
            total = Add(total, Mul(dirs, perDir));
            terms.Add(dirs == 2 ? $"2 × ({text})" : text);
        }
        // Consecutive identical layers (layers ≥ 2 share one shape) are folded: "3 × (…)".
        var folded = new List<string>();
        for (var i = 0; i < terms.Count;)
        {
            var j = i;
            while (j < terms.Count && terms[j] == terms[i]) { j++; }
            folded.Add(j - i == 1 ? terms[i] : $"{N(j - i)} × ({terms[i]})");
            i = j;
        }
        return (total, total, $"{string.Join(" + ", folded)} = {N(total)}");
    }

    /// <summary>Expands a size argument to <paramref name="dims"/> values and checks each one.</summary>
    internal static long[] Sizes(long[]? v, int dims, long fallback, string at, string name, long min)
    {
        long[] values = v switch
        {
            null => Enumerable.Repeat(fallback, dims).ToArray(),
            { Length: 1 } => Enumerable.Repeat(v[0], dims).ToArray(),
            _ when v.Length == dims => v,
            _ => throw new CalcException($"{at}.{name}", $"{name} must be an integer or an array of {dims} integers."),
        };
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] < min || values[i] > CalcLimits.MaxSafeInteger)
            {
                throw new CalcException(v is { Length: > 1 } ? $"{at}.{name}[{i}]" : $"{at}.{name}", min == 1 ? $"{name} must be a positive integer." : $"{name} must be >= {min}.");
            }
        }
        return values;
    }

    private static long[] OutputShape(LayerSpec l, long[] shape, string at)
    {
        CalcException Shape(string msg) => new($"{at}", $"{msg} (input shape [{string.Join(", ", shape)}]).");
        switch (l.Type)
        {
            case "linear":
                if (shape[^1] != l.InFeatures) { throw new CalcException($"{at}.inFeatures", $"inFeatures ({l.InFeatures}) must equal the last input size ({shape[^1]})."); }
                return [.. shape[..^1], l.OutFeatures!.Value];
            case "conv1d" or "conv2d" or "conv3d":
            {
                var dims = l.Type[4] - '0';
                if (shape.Length != dims + 1) { throw Shape($"{l.Type} expects [C, {string.Join(", ", "LHWD".Take(dims).Select(c => dims == 1 ? "L" : c.ToString()))}]"); }
                if (shape[0] != l.InChannels) { throw new CalcException($"{at}.inChannels", $"inChannels ({l.InChannels}) must equal the input channels ({shape[0]})."); }
                var k = Sizes(l.KernelSize, dims, 1, at, "kernelSize", 1);
                var s = Sizes(l.Stride, dims, 1, at, "stride", 1);
                var d = Sizes(l.Dilation, dims, 1, at, "dilation", 1);
                var p = Sizes(l.Padding, dims, 0, at, "padding", 0);
                var output = new long[dims + 1];
                output[0] = l.OutChannels!.Value;
                for (var i = 0; i < dims; i++)
                {
                    var span = CalcLimits.Add(CalcLimits.Mul(d[i], k[i] - 1, at), 1, at);
                    if (l.PaddingKeyword == "same")
                    {
                        output[i + 1] = shape[i + 1];
                        continue;
                    }
                    var padded = CalcLimits.Add(shape[i + 1], CalcLimits.Mul(2, l.PaddingKeyword == "valid" ? 0 : p[i], at), at);
                    if (padded < span) { throw Shape($"The output size drops below 1: the kernel span {span} exceeds the padded input {padded}"); }
                    output[i + 1] = (padded - span) / s[i] + 1;
                }
                return output;
            }
            case "rnn" or "gru" or "lstm":
            {
                if (shape.Length != 2) { throw Shape($"{l.Type} expects [L, inputSize] (sequence length, features)"); }
                if (shape[1] != l.InputSize) { throw new CalcException($"{at}.inputSize", $"inputSize ({l.InputSize}) must equal the last input size ({shape[1]})."); }
                var hr = l.ProjSize is > 0 ? l.ProjSize.Value : l.HiddenSize!.Value;
                return [shape[0], (l.Bidirectional ?? false ? 2 : 1) * hr];
            }
            case "batchnorm1d" or "batchnorm2d" or "batchnorm3d" or "instancenorm1d" or "instancenorm2d" or "instancenorm3d":
            {
                var dims = l.Type[^2] - '0';
                var ok = l.Type.StartsWith("batch", StringComparison.Ordinal) && dims == 1 ? shape.Length is 1 or 2 : shape.Length == dims + 1;
                if (!ok) { throw Shape($"{l.Type} expects {(dims == 1 && l.Type[0] == 'b' ? "[C] or [C, L]" : $"[C + {dims} spatial sizes]")}"); }
                if (shape[0] != l.NumFeatures) { throw new CalcException($"{at}.numFeatures", $"numFeatures ({l.NumFeatures}) must equal the input channels ({shape[0]})."); }
                return shape;
            }
            case "layernorm":
            {
                var ns = l.NormalizedShape!;
                if (ns.Length > shape.Length || !shape[^ns.Length..].SequenceEqual(ns))
                {
                    throw new CalcException($"{at}.normalizedShape", $"normalizedShape [{string.Join(", ", ns)}] must equal the trailing input sizes [{string.Join(", ", shape)}].");
                }
                return shape;
            }
            case "groupnorm":
                if (shape[0] != l.NumChannels) { throw new CalcException($"{at}.numChannels", $"numChannels ({l.NumChannels}) must equal the input channels ({shape[0]})."); }
                return shape;
            case "embedding":
                if (shape.Length >= CalcLimits.MaxRank) { throw Shape("Too many dimensions"); }
                return [.. shape, l.EmbeddingDim!.Value];
            case "multiheadattention":
                if (shape.Length != 2 || shape[1] != l.EmbedDim) { throw Shape($"multiheadattention expects the query as [L, {l.EmbedDim}]"); }
                return shape;
            case "maxpool2d" or "avgpool2d":
            {
                if (shape.Length is not (2 or 3)) { throw Shape($"{l.Type} expects [C, H, W] or [H, W]"); }
                var k = Sizes(l.KernelSize, 2, 1, at, "kernelSize", 1);
                var s = Sizes(l.Stride, 2, 0, at, "stride", 0);
                if (l.Stride is null) { s = k; }
                var p = Sizes(l.Padding, 2, 0, at, "padding", 0);
                var d = Sizes(l.Dilation, 2, 1, at, "dilation", 1);
                if (l.Type == "avgpool2d" && (d[0] != 1 || d[1] != 1)) { throw new CalcException($"{at}.dilation", "avgpool2d has no dilation."); }
                var hw = PoolCalculator.CheckedOutputShape(shape[^2], shape[^1], k, s, p, d, l.CeilMode ?? false, at + ".");
                return [.. shape[..^2], hw[0], hw[1]];
            }
            case "flatten":
            {
                var prod = 1L;
                foreach (var v in shape) { prod = CalcLimits.Mul(prod, v, at); }
                return [prod];
            }
            default:
                return shape;
        }
    }
}
