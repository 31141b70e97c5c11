using System.Text.Json;
using KnowledgeBase.Calculators;

namespace KnowledgeBase.Tests.Calculators;

/// <summary>Each calculator against PyTorch 1.13's own numbers (golden/*.json), request parsed as the API parses it.</summary>
public class GoldenTests
{
    public static TheoryData<int> ParamsCases => Golden.Indices("params.json");
    public static TheoryData<int> PoolCases => Golden.Indices("pool.json");
    public static TheoryData<int> RfCases => Golden.Indices("receptive_field.json");
    public static TheoryData<int> BatchNormCases => Golden.Indices("batchnorm.json");
    public static TheoryData<int> NormalizationCases => Golden.Indices("normalization.json");

    [Theory]
    [MemberData(nameof(ParamsCases))]
    public void Params_match_pytorch(int index)
    {
        var c = Golden.Cases("params.json")[index];
        var result = ParamsCalculator.Calculate(CalcJson.ParseParams(c.GetProperty("request")));
        Assert.Equal(c.GetProperty("totalParams").GetInt64(), result.TotalParams);
        Assert.Equal(c.GetProperty("trainableParams").GetInt64(), result.TrainableParams);
        Assert.Equal(0, result.NonTrainableParams);
        var layers = c.GetProperty("layers").EnumerateArray().ToArray();
        Assert.Equal(layers.Length, result.Layers.Count);
        for (var i = 0; i < layers.Length; i++)
        {
            Assert.Equal(layers[i].GetProperty("params").GetInt64(), result.Layers[i].Params);
            Assert.EndsWith(result.Layers[i].Params == 0 ? "" : $"= {result.Layers[i].Params}", result.Layers[i].Formula);
            if (layers[i].TryGetProperty("outputShape", out var shape))
            {
                Assert.Equal(Golden.Longs(shape), result.Layers[i].OutputShape);
            }
            else
            {
                Assert.Null(result.Layers[i].OutputShape);
            }
        }
    }

    [Theory]
    [MemberData(nameof(PoolCases))]
    public void Pooling_matches_pytorch(int index)
    {
        var c = Golden.Cases("pool.json")[index];
        var request = CalcJson.ParsePool(c.GetProperty("request"));
        if (c.TryGetProperty("error", out var error))
        {
            var e = Assert.Throws<CalcException>(() => PoolCalculator.Calculate(request));
            Assert.Contains(e.Field, new[] { "padding", "kernelSize", "dilation" });
            return;
        }
        var result = PoolCalculator.Calculate(request);
        Assert.Equal(Golden.Longs(c.GetProperty("outputShape")), result.OutputShape);
        Golden.Close(c.GetProperty("output"), result.Output, "output");
        Golden.Close(c.GetProperty("gradInput"), result.GradInput, "gradInput");
        var indices = c.GetProperty("indices");
        if (indices.ValueKind == JsonValueKind.Null)
        {
            Assert.Null(result.Indices);
        }
        else
        {
            Assert.Equal(indices.EnumerateArray().Select(Golden.Longs).ToArray(), result.Indices);
        }
    }

    [Theory]
    [MemberData(nameof(RfCases))]
    public void Receptive_field_matches_autograd(int index)
    {
        var c = Golden.Cases("receptive_field.json")[index];
        var request = CalcJson.ParseReceptiveField(c.GetProperty("request"));
        if (c.TryGetProperty("error", out _))
        {
            var e = Assert.Throws<CalcException>(() => ReceptiveFieldCalculator.Calculate(request));
            Assert.StartsWith("layers[", e.Field);
            return;
        }
        var result = ReceptiveFieldCalculator.Calculate(request);
        Assert.Equal(c.GetProperty("receptiveField").GetInt64(), result.ReceptiveField);
        Assert.Equal(c.GetProperty("jump").GetInt64(), result.Jump);
        Golden.Close(c.GetProperty("start").GetDouble(), result.Start, "start");
        Assert.Equal(Golden.Longs(c.GetProperty("outputSizes")), result.Layers.Select(l => l.OutputSize!.Value).ToArray());
    }

    [Theory]
    [MemberData(nameof(BatchNormCases))]
    public void Batch_norm_steps_match_pytorch(int index)
    {
        var c = Golden.Cases("batchnorm.json")[index];
        var result = BatchNormCalculator.Calculate(CalcJson.ParseBatchNorm(c.GetProperty("request")));
        var steps = c.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(steps.Length, result.Steps.Count);
        for (var i = 0; i < steps.Length; i++)
        {
            Golden.Close(steps[i].GetProperty("batchMean"), result.Steps[i].BatchMean, $"steps[{i}].batchMean");
            Golden.Close(steps[i].GetProperty("batchVar"), result.Steps[i].BatchVar, $"steps[{i}].batchVar");
            Golden.Close(steps[i].GetProperty("runningMean"), result.Steps[i].RunningMean, $"steps[{i}].runningMean");
            Golden.Close(steps[i].GetProperty("runningVar"), result.Steps[i].RunningVar, $"steps[{i}].runningVar");
            Golden.Close(steps[i].GetProperty("normalized"), result.Steps[i].Normalized, $"steps[{i}].normalized");
        }
    }

    [Theory]
    [MemberData(nameof(NormalizationCases))]
    public void Normalization_matches_torch_functional(int index)
    {
        var c = Golden.Cases("normalization.json")[index];
        var result = NormalizationCalculator.Calculate(CalcJson.ParseNormalization(c.GetProperty("request")));
        Assert.Equal(c.GetProperty("statisticSets").GetInt64(), result.StatisticSets);
        Assert.Equal(c.GetProperty("elementsPerSet").GetInt64(), result.ElementsPerSet);
        Assert.Equal(c.GetProperty("affineParams").GetInt64(), result.AffineParams);
        if (c.TryGetProperty("normalized", out var expected))
        {
            var flat = new List<double>();
            Flatten(expected, flat);
            Golden.Close(JsonSerializer.SerializeToElement(flat), result.Normalized!, "normalized");
        }
        else
        {
            Assert.Null(result.Normalized);
        }
    }

    private static void Flatten(JsonElement e, List<double> into)
    {
        if (e.ValueKind == JsonValueKind.Array) { foreach (var x in e.EnumerateArray()) { Flatten(x, into); } }
        else { into.Add(e.GetDouble()); }
    }
}
