using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using KnowledgeBase.Calculators;

BenchmarkSwitcher.FromAssembly(typeof(CalculatorRequests).Assembly).Run(args);

/// <summary>
/// Server-side work of one request, as the endpoint does it: UTF-8 body → JsonDocument → CalcJson → calculator →
/// camelCase JSON bytes. (Kestrel and routing are measured by bench/calc-wrk.sh.) Target: &lt; 1 ms each (issue 4).
/// </summary>
[MemoryDiagnoser]
public class CalculatorRequests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private byte[] _params100 = [];
    private byte[] _pool64 = [];
    private readonly byte[] _paramsSmall = Encoding.UTF8.GetBytes("""
        {"convention":"keras","layers":[{"type":"gru","inputSize":8,"hiddenSize":5,"bidirectional":true,"resetAfter":false},{"type":"lstm","inputSize":10,"hiddenSize":50}]}
        """);

    [GlobalSetup]
    public void Setup()
    {
        // 100 layers: 25 × (conv2d, batchnorm2d, relu) … then flatten/linear, with inputShape so every output shape is computed.
        var layers = new List<object>();
        var channels = 3;
        for (var i = 0; i < 24; i++)
        {
            var next = 16 + i % 4 * 16;
            layers.Add(new { type = "conv2d", inChannels = channels, outChannels = next, kernelSize = 3, padding = 1, groups = 1 });
            layers.Add(new { type = "batchnorm2d", numFeatures = next });
            layers.Add(new { type = "relu" });
            layers.Add(new { type = "dropout" });
            channels = next;
        }
        layers.Add(new { type = "maxpool2d", kernelSize = 2 });
        layers.Add(new { type = "flatten" });
        layers.Add(new { type = "linear", inFeatures = channels * 16 * 16, outFeatures = 10 });
        layers.Add(new { type = "relu" });
        _params100 = JsonSerializer.SerializeToUtf8Bytes(new { convention = "pytorch", inputShape = new[] { 3, 32, 32 }, layers }, Web);
        if (layers.Count != 100) { throw new InvalidOperationException($"{layers.Count} layers"); }

        var random = new Random(1);
        var input = Enumerable.Range(0, 64).Select(_ => Enumerable.Range(0, 64).Select(_ => (double)random.Next(-5, 6)).ToArray()).ToArray();
        _pool64 = JsonSerializer.SerializeToUtf8Bytes(new { mode = "max", input, kernelSize = 3, stride = 2, padding = 1, ceilMode = true }, Web);
        Console.WriteLine($"params body {_params100.Length} B, pool body {_pool64.Length} B");
    }

    private static byte[] Handle<TRequest, TResponse>(byte[] body, Func<JsonElement, TRequest> parse, Func<TRequest, TResponse> calculate)
    {
        using var doc = JsonDocument.Parse(body);
        return JsonSerializer.SerializeToUtf8Bytes(calculate(parse(doc.RootElement)), Web);
    }

    [Benchmark]
    public byte[] ParamsNotesExample() => Handle(_paramsSmall, CalcJson.ParseParams, ParamsCalculator.Calculate);

    [Benchmark]
    public byte[] Params100Layers() => Handle(_params100, CalcJson.ParseParams, ParamsCalculator.Calculate);

    [Benchmark]
    public byte[] MaxPool64x64() => Handle(_pool64, CalcJson.ParsePool, PoolCalculator.Calculate);
}
