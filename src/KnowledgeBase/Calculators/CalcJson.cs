using System.Text.Json;

namespace KnowledgeBase.Calculators;

/// <summary>
/// Request bodies (parsed JsonElement) → calculator records. Hand-written rather than JsonSerializer so that every
/// wrong type is refused with its exact path (<c>layers[2].kernelSize[1]</c>), and so a polymorphic layer list needs
/// no discriminator converter. Unknown properties are ignored, as System.Text.Json does by default.
/// </summary>
public static class CalcJson
{
    public static ParamsRequest ParseParams(JsonElement root)
    {
        Object(root, "$");
        var layers = Array(root, "", "layers") ?? throw new CalcException("layers", "layers is required.");
        if (layers.GetArrayLength() > CalcLimits.MaxLayers) { throw new CalcException("layers", $"At most {CalcLimits.MaxLayers} layers."); }
        var list = new List<LayerSpec>(layers.GetArrayLength());
        var i = 0;
        foreach (var e in layers.EnumerateArray())
        {
            var at = $"layers[{i++}]";
            Object(e, at);
            var type = Str(e, at, "type") ?? throw new CalcException(at + ".type", "type is required.");
            var spec = new LayerSpec { Type = LayerAlias(type) };
            // One pass over the properties (TryGetProperty per argument would scan each object ~30 times).
            foreach (var p in e.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Null) { continue; }
                switch (p.Name)
                {
                    case "inFeatures": spec.InFeatures = IntValue(p.Value, $"{at}.inFeatures"); break;
                    case "outFeatures": spec.OutFeatures = IntValue(p.Value, $"{at}.outFeatures"); break;
                    case "bias": spec.Bias = BoolValue(p.Value, $"{at}.bias"); break;
                    case "inChannels": spec.InChannels = IntValue(p.Value, $"{at}.inChannels"); break;
                    case "outChannels": spec.OutChannels = IntValue(p.Value, $"{at}.outChannels"); break;
                    case "kernelSize": spec.KernelSize = IntOrArrayValue(p.Value, $"{at}.kernelSize"); break;
                    case "stride": spec.Stride = IntOrArrayValue(p.Value, $"{at}.stride"); break;
                    case "dilation": spec.Dilation = IntOrArrayValue(p.Value, $"{at}.dilation"); break;
                    case "groups": spec.Groups = IntValue(p.Value, $"{at}.groups"); break;
                    case "ceilMode": spec.CeilMode = BoolValue(p.Value, $"{at}.ceilMode"); break;
                    case "inputSize": spec.InputSize = IntValue(p.Value, $"{at}.inputSize"); break;
                    case "hiddenSize": spec.HiddenSize = IntValue(p.Value, $"{at}.hiddenSize"); break;
                    case "numLayers": spec.NumLayers = IntValue(p.Value, $"{at}.numLayers"); break;
                    case "bidirectional": spec.Bidirectional = BoolValue(p.Value, $"{at}.bidirectional"); break;
                    case "projSize": spec.ProjSize = IntValue(p.Value, $"{at}.projSize"); break;
                    case "resetAfter": spec.ResetAfter = BoolValue(p.Value, $"{at}.resetAfter"); break;
                    case "numFeatures": spec.NumFeatures = IntValue(p.Value, $"{at}.numFeatures"); break;
                    case "affine": spec.Affine = BoolValue(p.Value, $"{at}.affine"); break;
                    case "trackRunningStats": spec.TrackRunningStats = BoolValue(p.Value, $"{at}.trackRunningStats"); break;
                    case "normalizedShape": spec.NormalizedShape = IntOrArrayValue(p.Value, $"{at}.normalizedShape"); break;
                    case "elementwiseAffine": spec.ElementwiseAffine = BoolValue(p.Value, $"{at}.elementwiseAffine"); break;
                    case "numGroups": spec.NumGroups = IntValue(p.Value, $"{at}.numGroups"); break;
                    case "numChannels": spec.NumChannels = IntValue(p.Value, $"{at}.numChannels"); break;
                    case "numEmbeddings": spec.NumEmbeddings = IntValue(p.Value, $"{at}.numEmbeddings"); break;
                    case "embeddingDim": spec.EmbeddingDim = IntValue(p.Value, $"{at}.embeddingDim"); break;
                    case "embedDim": spec.EmbedDim = IntValue(p.Value, $"{at}.embedDim"); break;
                    case "numHeads": spec.NumHeads = IntValue(p.Value, $"{at}.numHeads"); break;
                    case "kdim": spec.Kdim = IntValue(p.Value, $"{at}.kdim"); break;
                    case "vdim": spec.Vdim = IntValue(p.Value, $"{at}.vdim"); break;
                    case "addBiasKv": spec.AddBiasKv = BoolValue(p.Value, $"{at}.addBiasKv"); break;
                    case "padding":
                        if (p.Value.ValueKind == JsonValueKind.String)
                        {
                            spec.PaddingKeyword = p.Value.GetString() is "same" or "valid" ? p.Value.GetString()
                                : throw new CalcException(at + ".padding", "padding must be an integer, an array of integers, \"same\" or \"valid\".");
                        }
                        else
                        {
                            spec.Padding = IntOrArrayValue(p.Value, at + ".padding");
                        }
                        break;
                }
            }
            list.Add(spec);
        }
        var convention = Str(root, "", "convention");
        return new ParamsRequest(convention?.ToLowerInvariant(), IntOrArray(root, "", "inputShape"), list);
    }

    public static PoolRequest ParsePool(JsonElement root)
    {
        Object(root, "$");
        return new PoolRequest(
            Str(root, "", "mode") ?? throw new CalcException("mode", "mode is required (\"max\" or \"avg\")."),
            Matrix(root, "input") ?? throw new CalcException("input", "input is required."),
            IntOrArray(root, "", "kernelSize") ?? throw new CalcException("kernelSize", "kernelSize is required."),
            IntOrArray(root, "", "stride"),
            IntOrArray(root, "", "padding"),
            IntOrArray(root, "", "dilation"),
            Bool(root, "", "ceilMode") ?? false,
            Bool(root, "", "countIncludePad") ?? true,
            Matrix(root, "gradOutput"));
    }

    public static ReceptiveFieldRequest ParseReceptiveField(JsonElement root)
    {
        Object(root, "$");
        var layers = Array(root, "", "layers") ?? throw new CalcException("layers", "layers is required.");
        if (layers.GetArrayLength() > CalcLimits.MaxLayers) { throw new CalcException("layers", $"At most {CalcLimits.MaxLayers} layers."); }
        var list = new List<RfLayer>();
        var i = 0;
        foreach (var e in layers.EnumerateArray())
        {
            var at = $"layers[{i++}]";
            Object(e, at);
            list.Add(new RfLayer(
                RfAlias(Str(e, at, "type") ?? throw new CalcException(at + ".type", "type is required (\"conv\" or \"pool\").")),
                Int(e, at, "kernelSize") ?? throw new CalcException(at + ".kernelSize", "kernelSize is required."),
                Int(e, at, "stride"), Int(e, at, "padding"), Int(e, at, "dilation")));
        }
        return new ReceptiveFieldRequest(Int(root, "", "inputSize"), list);
    }

    public static BatchNormRequest ParseBatchNorm(JsonElement root)
    {
        Object(root, "$");
        var batches = Array(root, "", "batches") ?? throw new CalcException("batches", "batches is required.");
        if (batches.GetArrayLength() > CalcLimits.MaxBatches) { throw new CalcException("batches", $"At most {CalcLimits.MaxBatches} batches."); }
        var list = new double[batches.GetArrayLength()][][];
        var b = 0;
        foreach (var batch in batches.EnumerateArray())
        {
            list[b] = MatrixValue(batch, $"batches[{b}]");
            b++;
        }
        return new BatchNormRequest(list, Num(root, "", "momentum"), Num(root, "", "eps"));
    }

    public static NormalizationRequest ParseNormalization(JsonElement root)
    {
        Object(root, "$");
        var kind = (Str(root, "", "kind") ?? throw new CalcException("kind", "kind is required.")).ToLowerInvariant() switch
        {
            "batchnorm" or "bn" => "batch",
            "layernorm" or "ln" => "layer",
            "instancenorm" or "in" => "instance",
            "groupnorm" or "gn" => "group",
            var k => k,
        };
        var shape = IntArray(root, "", "shape") ?? throw new CalcException("shape", "shape is required, e.g. [N, C, H, W].");
        var groups = Int(root, "", "numGroups");
        var eps = Num(root, "", "eps");
        double[]? input = null;
        if (root.TryGetProperty("input", out var x) && x.ValueKind != JsonValueKind.Null)
        {
            // Validate the shape first (same messages as without input), then read exactly that nesting.
            NormalizationCalculator.Calculate(new NormalizationRequest(kind, shape, groups, null, eps));
            var total = shape.Aggregate(1L, (a, v) => CalcLimits.Mul(a, v, "shape"));
            if (total > CalcLimits.MaxElements) { throw new CalcException("input", $"At most {CalcLimits.MaxElements} input values."); }
            input = new double[total];
            var pos = 0;
            if (x.ValueKind == JsonValueKind.Array && x.GetArrayLength() == total && total > shape[0]
                && x.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number))
            {
                // Also accepted: the values flat in row-major order.
                Nested(x, [total], 0, "input", input, ref pos);
            }
            else
            {
                Nested(x, shape, 0, "input", input, ref pos);
            }
        }
        return new NormalizationRequest(kind, shape, groups, input, eps);
    }

    private static void Nested(JsonElement e, long[] shape, int level, string path, double[] into, ref int pos)
    {
        if (e.ValueKind != JsonValueKind.Array) { throw new CalcException(path, $"Expected an array of {shape[level]} (input must be nested like shape)."); }
        if (e.GetArrayLength() != shape[level]) { throw new CalcException(path, $"Expected {shape[level]} entries here (shape[{level}]), got {e.GetArrayLength()}."); }
        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            if (level < shape.Length - 1) { Nested(item, shape, level + 1, $"{path}[{i}]", into, ref pos); }
            else if (!TryFinite(item, out into[pos++])) { throw NotFinite(item, $"{path}[{i}]"); }
            i++;
        }
    }

    // ---- primitives: each names the exact path it refuses ----

    private static string P(string at, string name) => at.Length == 0 ? name : $"{at}.{name}";

    private static void Object(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Object) { throw new CalcException(path, path == "$" ? "The request body must be a JSON object." : "Expected a JSON object."); }
    }

    private static bool Get(JsonElement obj, string name, out JsonElement v) => obj.TryGetProperty(name, out v) && v.ValueKind != JsonValueKind.Null;

    private static JsonElement? Array(JsonElement obj, string at, string name)
    {
        if (!Get(obj, name, out var v)) { return null; }
        return v.ValueKind == JsonValueKind.Array ? v : throw new CalcException(P(at, name), "Expected an array.");
    }

    /// <summary>An integer; integral numbers written as 3.0 or 1e2 (as Python's json may) count too, 2.5 does not.</summary>
    private static long IntValue(JsonElement v, string path)
    {
        if (v.ValueKind == JsonValueKind.Number)
        {
            if (v.TryGetInt64(out var x)) { return x; }
            if (v.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18) { return (long)d; }
        }
        throw new CalcException(path, "Expected an integer.");
    }

    /// <summary>Canonical layer type; a few common spellings (Keras names, no dimension) are accepted.</summary>
    private static string LayerAlias(string type) => type.ToLowerInvariant() switch
    {
        "dense" => "linear",
        "simplernn" => "rnn",
        "maxpool" => "maxpool2d",
        "avgpool" => "avgpool2d",
        "mha" => "multiheadattention",
        var t => t,
    };

    private static string RfAlias(string type) => type.ToLowerInvariant() switch
    {
        "conv1d" or "conv2d" or "convolution" => "conv",
        "maxpool" or "avgpool" or "maxpool2d" or "avgpool2d" or "pooling" => "pool",
        var t => t,
    };

    private static long? Int(JsonElement obj, string at, string name) => Get(obj, name, out var v) ? IntValue(v, P(at, name)) : null;

    private static bool? Bool(JsonElement obj, string at, string name) => Get(obj, name, out var v) ? BoolValue(v, P(at, name)) : null;

    private static bool BoolValue(JsonElement v, string path) => v.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new CalcException(path, "Expected true or false."),
    };

    private static double Finite(JsonElement v, string path) => TryFinite(v, out var x) ? x : throw NotFinite(v, path);

    private static bool TryFinite(JsonElement v, out double x)
    {
        x = 0;
        return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out x) && double.IsFinite(x) && Math.Abs(x) <= CalcLimits.MaxAbsValue;
    }

    private static CalcException NotFinite(JsonElement v, string path) =>
        new(path, v.ValueKind == JsonValueKind.Number ? $"Numbers must be finite with magnitude at most {CalcLimits.MaxAbsValue:R}." : "Expected a number.");

    private static double? Num(JsonElement obj, string at, string name) => Get(obj, name, out var v) ? Finite(v, P(at, name)) : null;

    private static string? Str(JsonElement obj, string at, string name) => !Get(obj, name, out var v) ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString() : throw new CalcException(P(at, name), "Expected a string.");

    private static long[]? IntArray(JsonElement obj, string at, string name) => Get(obj, name, out var v) ? IntArrayValue(v, P(at, name)) : null;

    private static long[] IntArrayValue(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Array) { throw new CalcException(path, "Expected an array of integers."); }
        if (v.GetArrayLength() > CalcLimits.MaxRank) { throw new CalcException(path, $"At most {CalcLimits.MaxRank} sizes."); }
        var result = new long[v.GetArrayLength()];
        var i = 0;
        foreach (var item in v.EnumerateArray()) { result[i] = IntValue(item, $"{path}[{i}]"); i++; }
        return result;
    }

    /// <summary>An int or an array of ints (PyTorch's <c>_size_2_t</c> and friends).</summary>
    private static long[]? IntOrArray(JsonElement obj, string at, string name) => Get(obj, name, out var v) ? IntOrArrayValue(v, P(at, name)) : null;

    private static long[] IntOrArrayValue(JsonElement v, string path)
    {
        if (v.ValueKind == JsonValueKind.Array)
        {
            if (v.GetArrayLength() == 0) { throw new CalcException(path, "Expected an integer or a non-empty array of integers."); }
            return IntArrayValue(v, path);
        }
        return v.ValueKind == JsonValueKind.Number ? [IntValue(v, path)] : throw new CalcException(path, "Expected an integer or an array of integers.");
    }

    private static double[][]? Matrix(JsonElement obj, string name) => Get(obj, name, out var v) ? MatrixValue(v, name) : null;

    /// <summary>Array of arrays of numbers; shape (ragged, bounds) is the calculator's business.</summary>
    private static double[][] MatrixValue(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Array) { throw new CalcException(path, "Expected an array of rows (arrays of numbers)."); }
        var rows = new double[v.GetArrayLength()][];
        var i = 0;
        foreach (var row in v.EnumerateArray())
        {
            var rowPath = $"{path}[{i}]";
            if (row.ValueKind != JsonValueKind.Array) { throw new CalcException(rowPath, "Expected an array of numbers."); }
            var values = new double[row.GetArrayLength()];
            var j = 0;
            foreach (var cell in row.EnumerateArray())
            {
                // The path string is built only on failure: a 256×256 matrix must not allocate 65,536 of them.
                if (!TryFinite(cell, out values[j])) { throw NotFinite(cell, $"{rowPath}[{j}]"); }
                j++;
            }
            rows[i++] = values;
        }
        return rows;
    }
}
