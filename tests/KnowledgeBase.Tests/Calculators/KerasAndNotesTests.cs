using KnowledgeBase.Calculators;

namespace KnowledgeBase.Tests.Calculators;

/// <summary>
/// Keras counts (no TensorFlow here): the notes' worked examples, and random recurrent / batch-norm configurations
/// checked against the Keras formulas written out independently below.
/// </summary>
public class KerasAndNotesTests
{
    private static long Total(string convention, params LayerSpec[] layers) =>
        ParamsCalculator.Calculate(new ParamsRequest(convention, null, layers)).TotalParams;

    [Fact]
    public void Mlp_3_5_2_has_32_parameters()
    {
        var layers = new[] { new LayerSpec { Type = "linear", InFeatures = 3, OutFeatures = 5 }, new LayerSpec { Type = "linear", InFeatures = 5, OutFeatures = 2 } };
        Assert.Equal(32, Total("pytorch", layers));
        Assert.Equal(32, Total("keras", layers));
    }

    [Fact]
    public void Lstm_3_to_2_is_48_in_keras_and_56_in_pytorch()
    {
        var lstm = new LayerSpec { Type = "lstm", InputSize = 3, HiddenSize = 2 };
        Assert.Equal(48, Total("keras", lstm));
        Assert.Equal(56, Total("pytorch", lstm));
        var r = ParamsCalculator.Calculate(new ParamsRequest("keras", null, [lstm]));
        Assert.Equal("4 × [2 × (2 + 3) + 2] = 48", r.Layers[0].Formula);
    }

    [Fact]
    public void Bidirectional_gru_plus_lstm_is_12620_keras_and_12850_pytorch()
    {
        var gru = new LayerSpec { Type = "gru", InputSize = 8, HiddenSize = 5, Bidirectional = true };
        var lstm = new LayerSpec { Type = "lstm", InputSize = 10, HiddenSize = 50 };
        Assert.Equal(12_620, Total("keras", gru with { ResetAfter = false }, lstm));
        Assert.Equal(12_850, Total("pytorch", gru, lstm));
        Assert.Equal(12_850, Total("pytorch", gru with { ResetAfter = false }, lstm)); // PyTorch has no reset_after switch
        Assert.Equal(12_650, Total("keras", gru, lstm));                                // Keras default reset_after=True
    }

    [Theory]
    [InlineData(1, 3, 15)]
    [InlineData(3, 1, 13)]
    public void Conv_2x2_examples(long inChannels, long outChannels, long expected)
    {
        var conv = new LayerSpec { Type = "conv2d", InChannels = inChannels, OutChannels = outChannels, KernelSize = [2] };
        Assert.Equal(expected, Total("pytorch", conv));
        Assert.Equal(expected, Total("keras", conv));
    }

    public static TheoryData<int> Seeds => [.. Enumerable.Range(0, 60)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Keras_recurrent_counts_follow_the_single_bias_formula(int seed)
    {
        var r = new Random(seed);
        var type = new[] { "rnn", "gru", "lstm" }[seed % 3];
        long input = r.Next(1, 200), h = r.Next(1, 200), layers = r.Next(1, 4);
        var bidirectional = r.Next(2) == 1;
        var bias = r.Next(5) > 0;
        bool? resetAfter = type == "gru" && r.Next(2) == 1 ? r.Next(2) == 1 : null;
        long gates = type switch { "lstm" => 4, "gru" => 3, _ => 1 };
        long biasVectors = !bias ? 0 : type == "gru" && (resetAfter ?? true) ? 2 : 1;
        long dirs = bidirectional ? 2 : 1, expected = 0;
        for (var l = 0; l < layers; l++)
        {
            var inL = l == 0 ? input : dirs * h;
            // Keras: kernel (in × G·h) + recurrent kernel (h × G·h) + bias (G·h, twice with reset_after).
            expected += dirs * (inL * gates * h + h * gates * h + biasVectors * gates * h);
        }
        var spec = new LayerSpec { Type = type, InputSize = input, HiddenSize = h, NumLayers = layers, Bidirectional = bidirectional, Bias = bias, ResetAfter = resetAfter };
        var result = ParamsCalculator.Calculate(new ParamsRequest("keras", null, [spec]));
        Assert.Equal(expected, result.TotalParams);
        Assert.Equal(expected, result.TrainableParams);
        Assert.EndsWith($"= {expected}", result.Layers[0].Formula);
    }

    [Theory]
    [InlineData(64, true, 256, 128)]
    [InlineData(7, true, 28, 14)]
    [InlineData(7, false, 14, 0)]
    public void Keras_batch_norm_counts_moving_statistics_as_non_trainable(long c, bool affine, long total, long trainable)
    {
        var bn = new LayerSpec { Type = "batchnorm2d", NumFeatures = c, Affine = affine };
        var r = ParamsCalculator.Calculate(new ParamsRequest("keras", null, [bn]));
        Assert.Equal(total, r.TotalParams);
        Assert.Equal(trainable, r.TrainableParams);
        Assert.Equal(total - trainable, r.NonTrainableParams);
        Assert.Equal(total - trainable, r.Layers[0].NonTrainableParams);
        var pytorch = ParamsCalculator.Calculate(new ParamsRequest("pytorch", null, [bn]));
        Assert.Equal(affine ? 2 * c : 0, pytorch.TotalParams);
    }

    [Fact]
    public void Counts_above_2_pow_53_are_refused()
    {
        var huge = new LayerSpec { Type = "linear", InFeatures = 1L << 30, OutFeatures = 1L << 30 };
        var e = Assert.Throws<CalcException>(() => ParamsCalculator.Calculate(new ParamsRequest(null, null, [huge])));
        Assert.Equal("layers[0]", e.Field);
        // Just below the limit is fine: 2^26 × 2^26 + 2^26 < 2^53.
        Assert.Equal((1L << 52) + (1L << 26), Total("pytorch", new LayerSpec { Type = "linear", InFeatures = 1L << 26, OutFeatures = 1L << 26 }));
    }

    [Fact]
    public void Output_shapes_chain_through_the_stack()
    {
        var r = ParamsCalculator.Calculate(new ParamsRequest("pytorch", [3, 32, 32],
        [
            new LayerSpec { Type = "conv2d", InChannels = 3, OutChannels = 8, KernelSize = [3], Padding = [1] },
            new LayerSpec { Type = "maxpool2d", KernelSize = [2] },
            new LayerSpec { Type = "flatten" },
            new LayerSpec { Type = "linear", InFeatures = 8 * 16 * 16, OutFeatures = 10 },
        ]));
        Assert.Equal([8, 32, 32], r.Layers[0].OutputShape!);
        Assert.Equal([8, 16, 16], r.Layers[1].OutputShape!);
        Assert.Equal([2048], r.Layers[2].OutputShape!);
        Assert.Equal([10], r.Layers[3].OutputShape!);
        Assert.Equal(8 * 27 + 8 + 2048 * 10 + 10, r.TotalParams);
    }
}

public class ParamsEdgeTests
{
    [Fact]
    public void Same_and_valid_padding_keep_or_shrink_the_map()
    {
        var same = new LayerSpec { Type = "conv2d", InChannels = 1, OutChannels = 4, KernelSize = [5], Dilation = [2], PaddingKeyword = "same" };
        var r = ParamsCalculator.Calculate(new ParamsRequest(null, [1, 9, 11], [same, same with { InChannels = 4, PaddingKeyword = "valid" }]));
        Assert.Equal([4, 9, 11], r.Layers[0].OutputShape!);
        Assert.Equal([4, 1, 3], r.Layers[1].OutputShape!); // torch 1.13: (1, 4, 9, 11) then (1, 4, 1, 3)
    }

    [Fact]
    public void Same_padding_with_stride_is_refused_like_pytorch()
    {
        var conv = new LayerSpec { Type = "conv1d", InChannels = 1, OutChannels = 1, KernelSize = [3], Stride = [2], PaddingKeyword = "same" };
        var e = Assert.Throws<CalcException>(() => ParamsCalculator.Calculate(new ParamsRequest(null, null, [conv])));
        Assert.Equal("layers[0].padding", e.Field);
    }

    [Fact]
    public void Layer_norm_without_bias_keeps_gamma_only()
    {
        var ln = new LayerSpec { Type = "layernorm", NormalizedShape = [4, 5], Bias = false };
        Assert.Equal(20, ParamsCalculator.Calculate(new ParamsRequest(null, null, [ln])).TotalParams);
        Assert.Equal(40, ParamsCalculator.Calculate(new ParamsRequest(null, null, [ln with { Bias = null }])).TotalParams);
    }
}

public class ReceptiveFieldAndBatchNormTests
{
    [Theory]
    [InlineData(2, 5)]
    [InlineData(3, 7)]
    [InlineData(5, 11)]
    public void Stacked_3x3_convolutions(int count, long expected)
    {
        var layers = Enumerable.Repeat(new RfLayer("conv", 3, Padding: 1), count).ToArray();
        var r = ReceptiveFieldCalculator.Calculate(new ReceptiveFieldRequest(32, layers));
        Assert.Equal(expected, r.ReceptiveField);
        Assert.All(r.Layers, l => Assert.Equal(32, l.OutputSize));
        Assert.Equal(0, r.Start);
    }

    [Fact]
    public void Pool_stride_defaults_to_kernel_and_multiplies_the_jump()
    {
        var r = ReceptiveFieldCalculator.Calculate(new ReceptiveFieldRequest(32, [new RfLayer("conv", 3), new RfLayer("pool", 2), new RfLayer("conv", 3)]));
        Assert.Equal([30L, 15L, 13L], r.Layers.Select(l => l.OutputSize!.Value));
        Assert.Equal([1L, 2L, 2L], r.Layers.Select(l => l.Jump));
        Assert.Equal([3L, 4L, 8L], r.Layers.Select(l => l.ReceptiveField));
        Assert.Equal(3.5, r.Start); // 1 + 0.5·1 + 1·2
    }

    [Fact]
    public void Stack_whose_output_drops_below_one_names_the_layer()
    {
        var e = Assert.Throws<CalcException>(() => ReceptiveFieldCalculator.Calculate(new ReceptiveFieldRequest(4, [new RfLayer("conv", 3), new RfLayer("conv", 3), new RfLayer("conv", 3)])));
        Assert.Equal("layers[1].kernelSize", e.Field); // 4 → 2 → 0
    }

    [Fact]
    public void Running_stats_start_at_zero_and_one_and_use_the_unbiased_variance()
    {
        // Feature 0: 1, 3 → mean 2, biased var 1, unbiased 2.
        var r = BatchNormCalculator.Calculate(new BatchNormRequest([[[1.0], [3.0]]], Momentum: 0.5));
        var s = r.Steps[0];
        Assert.Equal(2, s.BatchMean[0]);
        Assert.Equal(1, s.BatchVar[0]);
        Assert.Equal(1.0, s.RunningMean[0]);            // 0.5·0 + 0.5·2
        Assert.Equal(1.5, s.RunningVar[0]);             // 0.5·1 + 0.5·2
        Assert.Equal(-1 / Math.Sqrt(1 + 1e-5), s.Normalized[0][0], 12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void Momentum_outside_0_1_is_refused(double momentum)
    {
        var e = Assert.Throws<CalcException>(() => BatchNormCalculator.Calculate(new BatchNormRequest([[[1.0], [3.0]]], momentum)));
        Assert.Equal("momentum", e.Field);
    }
}
