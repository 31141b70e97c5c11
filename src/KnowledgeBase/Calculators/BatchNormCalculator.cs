using System.Text.Json.Serialization;

namespace KnowledgeBase.Calculators;

/// <param name="Batches">Each batch: rows = samples, columns = features (the same features in every batch).</param>
public sealed record BatchNormRequest(double[][][] Batches, double? Momentum = null, double? Eps = null);

/// <param name="BatchVar">Biased variance (divided by N), the one used to normalize.</param>
/// <param name="BatchVarUnbiased">Unbiased variance (divided by N − 1), the one blended into runningVar.</param>
/// <param name="Normalized">(x − batchMean) / √(batchVar + eps), with γ = 1, β = 0.</param>
public sealed record BatchNormStep(
    [property: JsonConverter(typeof(FastDoubleArrayConverter))] double[] BatchMean,
    [property: JsonConverter(typeof(FastDoubleArrayConverter))] double[] BatchVar,
    [property: JsonConverter(typeof(FastDoubleArrayConverter))] double[] BatchVarUnbiased,
    [property: JsonConverter(typeof(FastDoubleArrayConverter))] double[] RunningMean,
    [property: JsonConverter(typeof(FastDoubleArrayConverter))] double[] RunningVar,
    [property: JsonConverter(typeof(FastDoubleMatrixConverter))] double[][] Normalized);

public sealed record BatchNormResponse(double Momentum, double Eps, IReadOnlyList<BatchNormStep> Steps);

/// <summary>
/// torch.nn.BatchNorm1d in training mode, one step per batch (aten/src/ATen/native/Normalization.cpp):
/// μ_B = mean over the batch, σ²_B = biased variance; y = (x − μ_B)/√(σ²_B + ε);
/// running_mean ← (1 − m)·running_mean + m·μ_B; running_var ← (1 − m)·running_var + m·σ²_B·N/(N − 1);
/// running stats start at 0 and 1. Note PyTorch's momentum weighs the NEW value (Keras' weighs the old one).
/// </summary>
public static class BatchNormCalculator
{
    public static BatchNormResponse Calculate(BatchNormRequest r)
    {
        var m = r.Momentum ?? 0.1;
        var eps = r.Eps ?? 1e-5;
        if (!(m > 0 && m <= 1)) { throw new CalcException("momentum", "momentum must be in (0, 1]."); }
        if (!(eps > 0 && eps <= 1)) { throw new CalcException("eps", "eps must be in (0, 1]."); }
        if (r.Batches is null || r.Batches.Length == 0) { throw new CalcException("batches", "batches must be a non-empty array."); }
        if (r.Batches.Length > CalcLimits.MaxBatches) { throw new CalcException("batches", $"At most {CalcLimits.MaxBatches} batches."); }
        var features = -1;
        var total = 0L;
        for (var b = 0; b < r.Batches.Length; b++)
        {
            var batch = r.Batches[b];
            if (batch is null || batch.Length < 2)
            {
                throw new CalcException($"batches[{b}]", "Each batch needs at least 2 samples (PyTorch: expected more than 1 value per channel when training).");
            }
            features = features < 0 ? batch[0]?.Length ?? 0 : features;
            if (features == 0) { throw new CalcException($"batches[{b}][0]", "Samples must have at least one feature."); }
            for (var i = 0; i < batch.Length; i++)
            {
                if (batch[i] is null || batch[i].Length != features)
                {
                    throw new CalcException($"batches[{b}][{i}]", $"Every sample in every batch must have {features} features; this one has {batch[i]?.Length ?? 0}.");
                }
                total += features;
                if (total > CalcLimits.MaxElements) { throw new CalcException("batches", $"At most {CalcLimits.MaxElements} numbers in all."); }
                for (var j = 0; j < features; j++)
                {
                    var v = batch[i][j];
                    if (!double.IsFinite(v) || Math.Abs(v) > CalcLimits.MaxAbsValue)
                    {
                        throw new CalcException($"batches[{b}][{i}][{j}]", $"Values must be finite with magnitude at most {CalcLimits.MaxAbsValue:R}.");
                    }
                }
            }
        }

        var runningMean = new double[features];
        var runningVar = Enumerable.Repeat(1.0, features).ToArray();
        var steps = new List<BatchNormStep>(r.Batches.Length);
        for (var b = 0; b < r.Batches.Length; b++)
        {
            var x = r.Batches[b];
            var n = x.Length;
            var mean = new double[features];
            var variance = new double[features];
            var unbiased = new double[features];
            for (var j = 0; j < features; j++)
            {
                var sum = 0.0;
                for (var i = 0; i < n; i++) { sum += x[i][j]; }
                mean[j] = sum / n;
                var sq = 0.0;
                for (var i = 0; i < n; i++) { var dlt = x[i][j] - mean[j]; sq += dlt * dlt; }
                variance[j] = sq / n;
                unbiased[j] = sq / (n - 1);
                runningMean[j] = (1 - m) * runningMean[j] + m * mean[j];
                runningVar[j] = (1 - m) * runningVar[j] + m * unbiased[j];
                CalcLimits.Finite(runningVar[j], $"batches[{b}]");
            }
            var normalized = PoolCalculator.NewMatrix(n, features);
            for (var j = 0; j < features; j++)
            {
                var invStd = 1 / Math.Sqrt(variance[j] + eps);
                for (var i = 0; i < n; i++) { normalized[i][j] = (x[i][j] - mean[j]) * invStd; }
            }
            steps.Add(new BatchNormStep(mean, variance, unbiased, (double[])runningMean.Clone(), (double[])runningVar.Clone(), normalized));
        }
        return new BatchNormResponse(m, eps, steps);
    }
}
