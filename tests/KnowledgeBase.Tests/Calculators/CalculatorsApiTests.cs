using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KnowledgeBase.Calculators;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Calculators;

/// <summary>The endpoints over HTTP: contract names, numbers, and every bad-input class of issue 4.</summary>
[Collection(ContentHost.Name)]
public class CalculatorsApiTests(KbFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<JsonElement> Ok(string endpoint, string json)
    {
        var response = await _client.PostAsync("/api/calc/" + endpoint, new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    private async Task<JsonElement> Problem(string endpoint, HttpContent content, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var response = await _client.PostAsync("/api/calc/" + endpoint, content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>400 problem+json whose errors and field name <paramref name="field"/>.</summary>
    private async Task Bad(string endpoint, string json, string field)
    {
        var problem = await Problem(endpoint, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.NotEmpty(messages.EnumerateArray().First().GetString()!);
    }

    [Fact]
    public async Task Params_answers_the_contract()
    {
        var r = await Ok("params", """
            {"convention":"keras","inputShape":[7,8],"layers":[
              {"type":"gru","inputSize":8,"hiddenSize":5,"bidirectional":true,"resetAfter":false},
              {"type":"lstm","inputSize":10,"hiddenSize":50}]}
            """);
        Assert.Equal("keras", r.GetProperty("convention").GetString());
        Assert.Equal(12_620, r.GetProperty("totalParams").GetInt64());
        Assert.Equal(12_620, r.GetProperty("trainableParams").GetInt64());
        Assert.Equal(0, r.GetProperty("nonTrainableParams").GetInt64());
        var layers = r.GetProperty("layers");
        Assert.Equal(1, layers[1].GetProperty("index").GetInt32());
        Assert.Equal("lstm", layers[1].GetProperty("type").GetString());
        Assert.Equal(12_200, layers[1].GetProperty("params").GetInt64());
        Assert.Equal("4 × [50 × (50 + 10) + 50] = 12200", layers[1].GetProperty("formula").GetString());
        Assert.Equal("[7,10]", layers[0].GetProperty("outputShape").GetRawText());
        Assert.Equal("[7,50]", layers[1].GetProperty("outputShape").GetRawText());

        var pytorch = await Ok("params", """{"layers":[{"type":"lstm","inputSize":3,"hiddenSize":2}]}""");
        Assert.Equal("pytorch", pytorch.GetProperty("convention").GetString());
        Assert.Equal(56, pytorch.GetProperty("totalParams").GetInt64());
        Assert.Equal(JsonValueKind.Null, pytorch.GetProperty("layers")[0].GetProperty("outputShape").ValueKind);
    }

    [Fact]
    public async Task Keras_batch_norm_reports_non_trainable_moving_statistics()
    {
        var r = await Ok("params", """{"convention":"keras","layers":[{"type":"batchnorm2d","numFeatures":32}]}""");
        Assert.Equal(128, r.GetProperty("totalParams").GetInt64());
        Assert.Equal(64, r.GetProperty("trainableParams").GetInt64());
        Assert.Equal(64, r.GetProperty("nonTrainableParams").GetInt64());
    }

    [Fact]
    public async Task Pool_answers_the_contract_with_ties_and_overlaps()
    {
        // Ties go to the first maximum in row-major order; overlapping windows accumulate the gradient.
        var r = await Ok("pool", """{"mode":"max","input":[[1,1,0],[1,1,0],[0,0,0]],"kernelSize":2,"stride":1}""");
        Assert.Equal("[[1,1],[1,1]]", r.GetProperty("output").GetRawText());
        Assert.Equal("[[0,1],[3,4]]", r.GetProperty("indices").GetRawText());
        Assert.Equal("[[1,1,0],[1,1,0],[0,0,0]]", r.GetProperty("gradInput").GetRawText());
        Assert.Equal("[2,2]", r.GetProperty("outputShape").GetRawText());

        var avg = await Ok("pool", """{"mode":"avg","input":[[1,2],[3,4]],"kernelSize":2,"stride":1,"padding":1,"countIncludePad":false,"gradOutput":[[4,4,4],[4,4,4],[4,4,4]]}""");
        Assert.Equal(JsonValueKind.Null, avg.GetProperty("indices").ValueKind);
        Assert.Equal(1, avg.GetProperty("output")[0][0].GetDouble());
        Assert.Equal(2.5, avg.GetProperty("output")[1][1].GetDouble());
        Assert.Equal("[3,3]", avg.GetProperty("outputShape").GetRawText());
    }

    [Fact]
    public async Task Receptive_field_batchnorm_and_normalization_answer_the_contract()
    {
        var rf = await Ok("receptive-field", """{"inputSize":32,"layers":[{"type":"conv","kernelSize":3},{"type":"conv","kernelSize":3},{"type":"conv","kernelSize":3}]}""");
        Assert.Equal(7, rf.GetProperty("receptiveField").GetInt64());
        var last = rf.GetProperty("layers")[2];
        Assert.Equal(26, last.GetProperty("outputSize").GetInt64());
        Assert.Equal(1, last.GetProperty("jump").GetInt64());
        Assert.Equal(3, last.GetProperty("start").GetDouble());

        var bn = await Ok("batchnorm", """{"batches":[[[1,10],[3,20]],[[5,0],[7,0]]],"momentum":0.5}""");
        var steps = bn.GetProperty("steps");
        Assert.Equal(2, steps.GetArrayLength());
        Assert.Equal("[2,15]", steps[0].GetProperty("batchMean").GetRawText());
        Assert.Equal("[1,25]", steps[0].GetProperty("batchVar").GetRawText());
        Assert.Equal(1.5, steps[0].GetProperty("runningVar")[0].GetDouble()); // 0.5·1 + 0.5·2
        Assert.Equal(3.5, steps[1].GetProperty("runningMean")[0].GetDouble()); // 0.5·1 + 0.5·6
        Assert.Equal(2, steps[1].GetProperty("normalized").GetArrayLength());

        var norm = await Ok("normalization", """{"kind":"layer","shape":[2,2,1,1],"input":[[[[1]],[[3]]],[[[5]],[[5]]]]}""");
        Assert.Equal(2, norm.GetProperty("statisticSets").GetInt64());
        Assert.Equal(2, norm.GetProperty("elementsPerSet").GetInt64());
        Assert.Equal(4, norm.GetProperty("affineParams").GetInt64());
        Assert.Equal(-1 / Math.Sqrt(1 + 1e-5), norm.GetProperty("normalized")[0][0][0][0].GetDouble(), 12);
        Assert.Equal(0, norm.GetProperty("normalized")[1][1][0][0].GetDouble());
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        // wrong JSON types
        { "params", """{"layers":[{"type":"conv2d","inChannels":"3","outChannels":4,"kernelSize":3}]}""", "layers[0].inChannels" },
        { "params", """{"layers":[{"type":"conv2d","inChannels":3,"outChannels":4,"kernelSize":[3,"x"]}]}""", "layers[0].kernelSize[1]" },
        { "params", """{"layers":[{"type":"linear","inFeatures":2.5,"outFeatures":4}]}""", "layers[0].inFeatures" },
        { "params", """{"layers":{"type":"linear"}}""", "layers" },
        { "params", """[1,2]""", "$" },
        { "pool", """{"mode":"max","input":"[[1]]","kernelSize":1}""", "input" },
        { "pool", """{"mode":"max","input":[[1,true]],"kernelSize":1}""", "input[0][1]" },
        { "pool", """{"mode":"max","input":[[1]],"kernelSize":1,"ceilMode":"yes"}""", "ceilMode" },
        // unknown types and conventions, empty lists
        { "params", """{"layers":[{"type":"linear","inFeatures":2,"outFeatures":2},{"type":"transformer"}]}""", "layers[1].type" },
        { "params", """{"convention":"jax","layers":[{"type":"relu"}]}""", "convention" },
        { "params", """{"layers":[]}""", "layers" },
        { "params", """{}""", "layers" },
        { "receptive-field", """{"inputSize":8,"layers":[]}""", "layers" },
        { "receptive-field", """{"inputSize":8,"layers":[{"type":"deconv","kernelSize":3}]}""", "layers[0].type" },
        { "pool", """{"mode":"median","input":[[1]],"kernelSize":1}""", "mode" },
        { "normalization", """{"kind":"weight","shape":[2,2,2,2]}""", "kind" },
        // non-positive sizes
        { "params", """{"layers":[{"type":"linear","inFeatures":0,"outFeatures":2}]}""", "layers[0].inFeatures" },
        { "params", """{"layers":[{"type":"conv2d","inChannels":1,"outChannels":1,"kernelSize":[3,-1]}]}""", "layers[0].kernelSize[1]" },
        { "params", """{"inputShape":[3,0],"layers":[{"type":"relu"}]}""", "inputShape[1]" },
        { "pool", """{"mode":"max","input":[[1,2],[3,4]],"kernelSize":0}""", "kernelSize" },
        { "pool", """{"mode":"max","input":[[1,2],[3,4]],"kernelSize":1,"stride":0}""", "stride" },
        { "receptive-field", """{"inputSize":0,"layers":[{"type":"conv","kernelSize":3}]}""", "inputSize" },
        { "normalization", """{"kind":"batch","shape":[2,-3,2,2]}""", "shape[1]" },
        // divisibility
        { "params", """{"layers":[{"type":"conv2d","inChannels":3,"outChannels":4,"kernelSize":3,"groups":2}]}""", "layers[0].groups" },
        { "params", """{"layers":[{"type":"relu"},{"type":"relu"},{"type":"conv1d","inChannels":4,"outChannels":6,"kernelSize":3,"groups":4}]}""", "layers[2].groups" },
        { "params", """{"layers":[{"type":"multiheadattention","embedDim":10,"numHeads":3}]}""", "layers[0].numHeads" },
        { "params", """{"layers":[{"type":"groupnorm","numGroups":3,"numChannels":8}]}""", "layers[0].numGroups" },
        { "normalization", """{"kind":"group","shape":[2,6,2,2],"numGroups":4}""", "numGroups" },
        // ragged matrices and wrong gradOutput shape
        { "pool", """{"mode":"max","input":[[1,2],[3]],"kernelSize":1}""", "input[1]" },
        { "pool", """{"mode":"max","input":[[1,2],[3,4]],"kernelSize":1,"gradOutput":[[1,1]]}""", "gradOutput" },
        { "pool", """{"mode":"max","input":[[1,2],[3,4]],"kernelSize":1,"gradOutput":[[1,1],[1]]}""", "gradOutput[1]" },
        { "normalization", """{"kind":"layer","shape":[1,2,2],"input":[[[1,2],[3]]]}""", "input[0][1]" },
        // PyTorch-rejected pooling
        { "pool", """{"mode":"max","input":[[1,2],[3,4]],"kernelSize":2,"padding":2}""", "padding" },
        { "pool", """{"mode":"avg","input":[[1,2],[3,4]],"kernelSize":3}""", "kernelSize" },
        { "pool", """{"mode":"avg","input":[[1,2],[3,4]],"kernelSize":1,"dilation":2}""", "dilation" },
        // stacks whose output drops below 1
        { "receptive-field", """{"inputSize":5,"layers":[{"type":"conv","kernelSize":3},{"type":"conv","kernelSize":3},{"type":"conv","kernelSize":3}]}""", "layers[2].kernelSize" },
        { "params", """{"inputShape":[1,4,4],"layers":[{"type":"conv2d","inChannels":1,"outChannels":2,"kernelSize":3},{"type":"conv2d","inChannels":2,"outChannels":2,"kernelSize":3}]}""", "layers[1]" },
        // momentum, batch widths
        { "batchnorm", """{"batches":[[[1],[2]]],"momentum":0}""", "momentum" },
        { "batchnorm", """{"batches":[[[1],[2]]],"momentum":1.5}""", "momentum" },
        { "batchnorm", """{"batches":[[[1,2],[3,4]],[[1],[2]]]}""", "batches[1][0]" },
        { "batchnorm", """{"batches":[[[1,2]]]}""", "batches[0]" },
        // counts beyond 2^53 − 1
        { "params", """{"layers":[{"type":"linear","inFeatures":4294967296,"outFeatures":4294967296}]}""", "layers[0]" },
        { "params", """{"layers":[{"type":"embedding","numEmbeddings":9007199254740991,"embeddingDim":2}]}""", "layers[0]" },
        { "params", """{"layers":[{"type":"linear","inFeatures":99999999999999999999,"outFeatures":1}]}""", "layers[0].inFeatures" },
        // malformed JSON
        { "params", """{"layers":[{"type":"linear","inFeatures":3,}]}""", "layers[0]" },
        { "pool", """{"mode":"max","input":[[1,2],[3,4""", "input[1][1]" },
        { "batchnorm", """{"batches": nope}""", "batches" },
        { "normalization", "", "$" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public Task Bad_input_is_400_problem_json_naming_the_field(string endpoint, string json, string field) => Bad(endpoint, json, field);

    [Fact]
    public async Task Inputs_are_bounded()
    {
        var big = "[" + string.Join(",", Enumerable.Repeat("[" + string.Join(",", Enumerable.Repeat("0", 257)) + "]", 2)) + "]";
        await Bad("pool", $$"""{"mode":"max","input":{{big}},"kernelSize":1}""", "input[0]");
        var tall = "[" + string.Join(",", Enumerable.Repeat("[0]", 257)) + "]";
        await Bad("pool", $$"""{"mode":"max","input":{{tall}},"kernelSize":1}""", "input");
        var layers = string.Join(",", Enumerable.Repeat("""{"type":"relu"}""", 1001));
        await Bad("params", $$"""{"layers":[{{layers}}]}""", "layers");
        await Bad("normalization", """{"kind":"layer","shape":[1,1,300,300],"input":[]}""", "input");
        var square = "[" + string.Join(",", Enumerable.Repeat("[" + string.Join(",", Enumerable.Repeat("1", 256)) + "]", 256)) + "]";
        await Bad("pool", $$"""{"mode":"avg","input":{{square}},"kernelSize":128,"stride":1}""", "kernelSize");
        var full = await Ok("pool", $$"""{"mode":"max","input":{{square}},"kernelSize":2}""");
        Assert.Equal("[128,128]", full.GetProperty("outputShape").GetRawText());
    }

    [Fact]
    public async Task Body_over_one_megabyte_is_413_problem_json()
    {
        var padding = new string(' ', (1 << 20) + 10);
        var problem = await Problem("params", new StringContent("{\"layers\":[]}" + padding, Encoding.UTF8, "application/json"), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(413, problem.GetProperty("status").GetInt32());

        // Without a Content-Length (chunked), the limit still holds while reading.
        var stream = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"layers\":[]}" + padding)));
        stream.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/calc/pool") { Content = stream };
        request.Headers.TransferEncodingChunked = true;
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Deeply_nested_json_is_400_not_500()
    {
        var deep = new string('[', 200) + new string(']', 200);
        var problem = await Problem("pool", new StringContent($$"""{"input":{{deep}}}""", Encoding.UTF8, "application/json"));
        Assert.StartsWith("input", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Common_spellings_and_integral_floats_are_accepted()
    {
        var dense = await Ok("params", """{"convention":"keras","inputShape":3,"layers":[{"type":"Dense","inFeatures":3.0,"outFeatures":5},{"type":"dense","inFeatures":5,"outFeatures":2}]}""");
        Assert.Equal(32, dense.GetProperty("totalParams").GetInt64());
        Assert.Equal("linear", dense.GetProperty("layers")[0].GetProperty("type").GetString());
        Assert.Equal("[2]", dense.GetProperty("layers")[1].GetProperty("outputShape").GetRawText());
        var rf = await Ok("receptive-field", """{"inputSize":8,"layers":[{"type":"conv2d","kernelSize":3},{"type":"maxpool","kernelSize":2}]}""");
        Assert.Equal(4, rf.GetProperty("receptiveField").GetInt64());
        var gn = await Ok("normalization", """{"kind":"GroupNorm","shape":[1,2,1,2],"numGroups":1,"input":[1,2,3,4]}""");
        Assert.Equal("group", gn.GetProperty("kind").GetString());
        Assert.Equal(2, gn.GetProperty("normalized")[0].GetArrayLength()); // flat input, nested answer
    }

    [Fact]
    public async Task Wrong_method_and_unknown_calculator_are_problem_json()
    {
        var get = await _client.GetAsync("/api/calc/params");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
        var unknown = await _client.PostAsync("/api/calc/convolution", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Json_from_PostAsJsonAsync_round_trips()
    {
        var response = await _client.PostAsJsonAsync("/api/calc/params", new { layers = new object[] { new { type = "conv2d", inChannels = 1, outChannels = 3, kernelSize = new[] { 2, 2 } } } });
        response.EnsureSuccessStatusCode();
        var r = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(15, r.GetProperty("totalParams").GetInt64());
    }

    [Fact]
    public async Task Golden_pooling_and_normalization_cases_survive_the_json_round_trip()
    {
        // The engine is checked case by case in GoldenTests; this checks the HTTP JSON (number writing, nesting).
        var pools = Golden.Cases("pool.json").Where(c => !c.TryGetProperty("error", out _)).Take(40).ToList();
        var normalizations = Golden.Cases("normalization.json").Where(c => c.TryGetProperty("normalized", out _)).Take(20).ToList();
        Assert.Equal((40, 20), (pools.Count, normalizations.Count));
        foreach (var c in pools)
        {
            var r = await Ok("pool", c.GetProperty("request").GetRawText());
            Assert.Equal(c.GetProperty("outputShape").GetRawText(), r.GetProperty("outputShape").GetRawText());
            Golden.Close(c.GetProperty("output"), Matrix(r.GetProperty("output")), "output");
            Golden.Close(c.GetProperty("gradInput"), Matrix(r.GetProperty("gradInput")), "gradInput");
            Assert.Equal(c.GetProperty("indices").GetRawText(), r.GetProperty("indices").GetRawText());
        }
        foreach (var c in normalizations)
        {
            var r = await Ok("normalization", c.GetProperty("request").GetRawText());
            Assert.Equal(c.GetProperty("statisticSets").GetInt64(), r.GetProperty("statisticSets").GetInt64());
            Assert.Equal(Flat(c.GetProperty("normalized")).Count, Flat(r.GetProperty("normalized")).Count);
            Golden.Close(JsonSerializer.SerializeToElement(Flat(c.GetProperty("normalized"))), Flat(r.GetProperty("normalized")), "normalized");
        }
    }

    private static double[][] Matrix(JsonElement e) => e.EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();

    private static List<double> Flat(JsonElement e)
    {
        var list = new List<double>();
        void Walk(JsonElement x) { if (x.ValueKind == JsonValueKind.Array) { foreach (var i in x.EnumerateArray()) { Walk(i); } } else { list.Add(x.GetDouble()); } }
        Walk(e);
        return list;
    }

    [Fact]
    public async Task OpenApi_document_lists_the_calculators()
    {
        var doc = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        Assert.Equal(CalculatorsApi.Endpoints.Select(e => "/api/calc/" + e.Name).Order(),
            paths.EnumerateObject().Select(p => p.Name).Where(p => p.StartsWith("/api/calc/", StringComparison.Ordinal)).Order());
        foreach (var endpoint in CalculatorsApi.Endpoints)
        {
            var p = endpoint.Name;
            Assert.True(paths.TryGetProperty("/api/calc/" + p, out var path), p);
            Assert.True(path.GetProperty("post").GetProperty("responses").TryGetProperty("400", out _), p);
            // /api-docs starts its "try it" box from this example: it must be a request the calculator accepts.
            var example = path.GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
            await Ok(p, example.GetRawText());
        }
    }
}
