using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KnowledgeBase.Calculators;

/// <summary>
/// A ```calc block of an article (<c>{"endpoint": name, "request": {...}}</c>) rendered on the server with the same
/// picture and table as its calculator page, a link "open in the calculator" carrying the block's inputs, and the
/// request in an editor that calculators.js turns live. Runs after the sanitizer: the HTML here is ours, every value
/// from the article is encoded.
/// </summary>
internal static class CalcEmbed
{
    /// <summary>The embed, or null when the block is not a calculator request (then it stays a code block).</summary>
    public static string? Render(string blockText)
    {
        JsonNode? spec;
        try { spec = JsonNode.Parse(blockText); }
        catch (JsonException) { return null; }
        if (spec is not JsonObject o || o["endpoint"] is not JsonValue ev || !ev.TryGetValue<string>(out var name)
            || o["request"] is not JsonObject request || CalculatorsApi.Endpoints.All(e => e.Name != name)) { return null; }
        var title = CalculatorsApi.Endpoints.First(e => e.Name == name).Title;
        var outcome = CalcOutcome.Run(request, r => CalcPictures.Render(name, r, en: false));
        var result = outcome.Html ?? $"<p class=\"calc-note\">{Svg.Esc($"{outcome.ErrorField}: {outcome.ErrorMessage}")}</p>";
        var link = CalcPictures.PagePath(name) + CalcForm.FromJson(request.DeepClone()).ToQuery();
        var json = request.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var rows = Math.Min(16, json.Count(c => c == '\n') + 2);
        return $"<div class=\"calc-embed\" data-calc=\"{Svg.Esc(name)}\">" +
            $"<div class=\"calc-embed-head\"><strong>计算器 · {Svg.Esc(title)}</strong> <a href=\"{WebUtility.HtmlEncode(link)}\" data-calc-link>在计算器中打开</a></div>" +
            $"<div data-calc-result>{result}</div>" +
            $"<details><summary>修改输入（JSON，实时计算）</summary><textarea data-calc-request rows=\"{rows}\" spellcheck=\"false\" aria-label=\"计算器请求（JSON）\">{Svg.Esc(json)}</textarea>" +
            "<span class=\"field-error\" data-error-for=\"$\" role=\"status\"></span></details></div>";
    }
}
