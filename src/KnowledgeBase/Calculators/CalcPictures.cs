using System.Text.Json;

namespace KnowledgeBase.Calculators;

/// <summary>
/// Server-rendered results (SVG picture + text table) of each calculator, from the same request JSON the API takes.
/// The calculator pages (/calculators/{name}) and the ```calc blocks of articles both render through here.
/// </summary>
internal static class CalcPictures
{
    public static string T(bool en, string zh, string english) => en ? english : zh;

    /// <summary>Page of each calculator: <c>/calculators/{name}</c> (the names of <see cref="CalculatorsApi.Endpoints"/>).</summary>
    public static string PagePath(string name) => "/calculators/" + name;

    /// <summary>Result HTML for one request; throws <see cref="CalcException"/> naming the field at fault.</summary>
    public static string Render(string name, JsonElement request, bool en) => name switch
    {
        "pool" => Pool(request, en),
        "params" => ParamsTable.Render(CalcJson.ParseParams(request), en),
        "receptive-field" => Rf(request, en),
        "batchnorm" => Bn(request, en),
        "normalization" => NormalizationPicture.Render(NormalizationCalculator.Calculate(CalcJson.ParseNormalization(request)), en),
        _ => throw new CalcException("endpoint", $"Unknown calculator \"{name}\"."),
    };

    private static string Pool(JsonElement request, bool en)
    {
        var r = CalcJson.ParsePool(request);
        return PoolPicture.Render(r, PoolCalculator.Calculate(r), en);
    }

    private static string Rf(JsonElement request, bool en)
    {
        var r = CalcJson.ParseReceptiveField(request);
        // "pixel" is the page's choice of output unit to draw; the API ignores it like any unknown property.
        var pixel = request.TryGetProperty("pixel", out var p) && p.TryGetInt64(out var v) ? v : (long?)null;
        return RfPicture.Render(r, ReceptiveFieldCalculator.Calculate(r), pixel, en);
    }

    private static string Bn(JsonElement request, bool en)
    {
        var r = CalcJson.ParseBatchNorm(request);
        return BatchNormPicture.Render(r, BatchNormCalculator.Calculate(r), en);
    }
}
