using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeBase.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KnowledgeBase.Calculators;

/// <summary>Normalization answer as sent: <see cref="Normalized"/> is nested like the input (shape).</summary>
public sealed record NormalizationResponse(string Kind, long[] Shape, long StatisticSets, long ElementsPerSet, long AffineParams,
    string[] NormalizedOver, Tensor? Normalized);

/// <summary>
/// One calculator, POST /api/calc/{<see cref="Name"/>}. <see cref="Title"/> is its heading on /calc (a localizer key),
/// <see cref="Example"/> a small working request shown in the OpenAPI document and the /api-docs "try it" box.
/// </summary>
public sealed record CalcEndpoint(string Name, string Title, string Summary, string Example)
{
    internal Func<RouteGroupBuilder, RouteHandlerBuilder> Map { get; init; } = null!;
}

/// <summary>
/// POST /api/calc/{name} for each of <see cref="Endpoints"/>. Bodies are read by hand (≤ 1 MB → else 413)
/// and parsed to JsonElement, so malformed JSON, wrong types and bad values all become 400 problem+json naming the
/// JSON path (<c>errors: {"layers[2].groups": [...]}</c> and a top-level <c>field</c>), never the framework's bare 400.
/// Also the OpenAPI document (/openapi/v1.json) and the offline API reference page (/api-docs).
/// </summary>
public static class CalculatorsApi
{
    public const int MaxBodyBytes = 1 << 20;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public static IServiceCollection AddCalculators(this IServiceCollection services)
    {
        services.AddOpenApi(o => o.AddOperationTransformer(AddExample));
        return services;
    }

    /// <summary>
    /// Every calculator, in /calc page order. The API mapping, the /calc page, the OpenAPI examples behind /api-docs and
    /// the check of ```calc blocks in content/ all read this list, so adding a calculator here adds it everywhere.
    /// </summary>
    public static readonly IReadOnlyList<CalcEndpoint> Endpoints =
    [
        Endpoint("params", "参数量", CalcJson.ParseParams, ParamsCalculator.Calculate,
            "Parameter counts (and output shapes) of a layer list, PyTorch or Keras convention",
            """{"convention":"pytorch","inputShape":[3,32,32],"layers":[{"type":"conv2d","inChannels":3,"outChannels":16,"kernelSize":3,"padding":1},{"type":"flatten"},{"type":"linear","inFeatures":16384,"outFeatures":10}]}"""),
        Endpoint("pool", "池化", CalcJson.ParsePool, PoolCalculator.Calculate,
            "Max/average pooling forward and backward on one feature map, as PyTorch",
            """{"mode":"max","input":[[1,3,2,1],[4,6,5,0],[1,2,9,8],[3,0,7,7]],"kernelSize":2}"""),
        Endpoint("receptive-field", "感受野", CalcJson.ParseReceptiveField, ReceptiveFieldCalculator.Calculate,
            "Receptive field, jump and start of a conv/pool stack (Araujo et al., Distill 2019)",
            """{"inputSize":32,"layers":[{"type":"conv","kernelSize":3},{"type":"conv","kernelSize":3}]}"""),
        Endpoint("batchnorm", "批归一化", CalcJson.ParseBatchNorm, BatchNormCalculator.Calculate,
            "BatchNorm1d training steps: batch statistics, running statistics, normalized batch",
            """{"batches":[[[1,2],[3,6],[5,4]]],"momentum":0.1}"""),
        // The API takes the nested input; the OpenAPI schema shows the record's flat `input` (documented in docs/calculators.md).
        Endpoint("normalization", "归一化对比", CalcJson.ParseNormalization, Normalization,
            "What batch, layer, instance and group normalization compute statistics over",
            """{"kind":"group","shape":[2,4,2,2],"numGroups":2}"""),
    ];

    public static RouteGroupBuilder MapCalculatorsApi(this WebApplication app)
    {
        app.MapOpenApi();
        var group = app.MapGroup("/api/calc").WithTags("Calculators");
        foreach (var endpoint in Endpoints)
        {
            endpoint.Map(group).WithMetadata(endpoint);
        }
        return group;
    }

    private static CalcEndpoint Endpoint<TRequest, TResponse>(string name, string title,
        Func<JsonElement, TRequest> parse, Func<TRequest, TResponse> calculate, string summary, string example) where TRequest : notnull =>
        new(name, title, summary, example)
        {
            Map = group => group.MapPost("/" + name, (HttpRequest request, CancellationToken ct) => Run(request, parse, calculate, ct))
                .Accepts<TRequest>("application/json")
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .WithSummary(summary),
        };

    /// <summary>Puts each calculator's <see cref="CalcEndpoint.Example"/> into the OpenAPI document as its request example.</summary>
    private static Task AddExample(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var endpoint = context.Description.ActionDescriptor.EndpointMetadata.OfType<CalcEndpoint>().FirstOrDefault();
        if (endpoint is not null && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true)
        {
            media.Example = JsonNode.Parse(endpoint.Example);
        }
        return Task.CompletedTask;
    }

    private static NormalizationResponse Normalization(NormalizationRequest r)
    {
        var x = NormalizationCalculator.Calculate(r);
        return new NormalizationResponse(x.Kind, x.Shape, x.StatisticSets, x.ElementsPerSet, x.AffineParams, x.NormalizedOver,
            x.Normalized is null ? null : new Tensor(x.Normalized, x.Shape));
    }

    private static async Task<Results<Ok<TResponse>, ValidationProblem, ProblemHttpResult>> Run<TRequest, TResponse>(
        HttpRequest request, Func<JsonElement, TRequest> parse, Func<TRequest, TResponse> calculate, CancellationToken ct)
    {
        byte[]? body;
        try
        {
            body = await RequestBody.ReadAsync(request, MaxBodyBytes, ct);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own limits or a truncated upload: still problem+json, never the bare framework answer.
            return Problems.Field(e.StatusCode, "$", "Unreadable request body", e.Message);
        }
        if (body is null)
        {
            return Problems.Field(StatusCodes.Status413PayloadTooLarge, "$", "Request body too large",
                $"Calculator requests are limited to {MaxBodyBytes} bytes.");
        }
        var json = body.AsMemory();
        if (json.Span.StartsWith("\uFEFF"u8)) { json = json[3..]; }
        if (json.Span.Trim(" \t\r\n"u8).IsEmpty) { return Invalid("$", "The request body is empty; send a JSON object."); }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            return Invalid(JsonErrorPath.Find(json.Span), "Malformed JSON: " + e.Message);
        }
        using (document)
        {
            try
            {
                return TypedResults.Ok(calculate(parse(document.RootElement)));
            }
            catch (CalcException e)
            {
                return Invalid(e.Field, e.Message);
            }
            catch (ArithmeticException)
            {
                // Safety net: the calculators use checked arithmetic and bounds, so this means input beyond them.
                return Invalid("$", "The numbers in this request are too large to compute exactly.");
            }
        }
    }

    private static ValidationProblem Invalid(string field, string message) => Problems.Invalid(field, "Invalid calculator input", message);
}

/// <summary>
/// Utf8JsonReader tracks no path, so after a parse failure the body is re-read keeping a stack of property names and
/// array indices; the path where reading stops names the field (<c>layers[1].kernelSize</c>). Only runs on bad input.
/// </summary>
public static class JsonErrorPath
{
    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;
        public int Count { get; set; }          // arrays: values started so far
        public string? Property { get; set; }   // objects: the property whose value is being read
    }

    public static string Find(ReadOnlySpan<byte> json)
    {
        var stack = new List<Frame>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                var top = stack.Count > 0 ? stack[^1] : null;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        top!.Property = reader.GetString();
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (top is { IsArray: true }) { top.Count++; }
                        stack.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        stack.RemoveAt(stack.Count - 1);
                        if (stack.Count > 0 && !stack[^1].IsArray) { stack[^1].Property = null; }
                        break;
                    default:
                        if (top is { IsArray: true }) { top.Count++; }
                        else if (top is not null) { top.Property = null; }
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return Build(stack);
        }
        return "$";
    }

    private static string Build(List<Frame> stack)
    {
        var path = new System.Text.StringBuilder();
        for (var i = 0; i < stack.Count; i++)
        {
            var f = stack[i];
            var innermost = i == stack.Count - 1;
            if (f.IsArray)
            {
                // Outer arrays are inside their last started value; the innermost failed at the next one.
                var index = innermost ? f.Count : f.Count - 1;
                path.Append('[').Append(Math.Max(index, 0)).Append(']');
            }
            else if (f.Property is not null)
            {
                if (path.Length > 0) { path.Append('.'); }
                path.Append(f.Property);
            }
            else if (!innermost)
            {
                break;
            }
        }
        return path.Length == 0 ? "$" : path.ToString();
    }
}
