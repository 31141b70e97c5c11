using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KnowledgeBase.Calculators;

/// <summary>
/// The calculator pages' one mapping between form fields and API requests. A field is named by the JSON path of the
/// value it holds (<c>kernelSize</c>, <c>input[2][3]</c>, <c>layers[1].outChannels</c>) — the same path a
/// <see cref="CalcException"/> names — so a GET query string becomes the request body of POST /api/calc/{name},
/// and an error lands next to the field that caused it. wwwroot/js/calculators.js applies the same rules to a form.
/// Values: empty → left out (the calculator's default); <c>true</c>/<c>false</c>; a number; numbers separated by
/// commas, spaces or × → an array (<c>kernelSize=2,3</c>); anything else stays a string for the calculator to refuse.
/// </summary>
public sealed class CalcForm
{
    /// <summary>Bounds the arrays a hostile path such as <c>input[99999999][0]</c> could make.</summary>
    public const int MaxIndex = CalcLimits.MaxPoolSide;

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public CalcForm() { }

    /// <summary>The last value of each key wins (a checkbox after its hidden "false" twin).</summary>
    public CalcForm(IEnumerable<KeyValuePair<string, string?>> pairs)
    {
        foreach (var (key, value) in pairs) { _values[key] = value ?? ""; }
    }

    public static CalcForm FromQuery(IQueryCollection query) =>
        new(query.Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.Count > 0 ? q.Value[^1] : "")));

    /// <summary>A JSON request flattened to fields (the inverse of <see cref="ToJson"/>): an example or a ```calc block.</summary>
    public static CalcForm FromJson(JsonNode? node)
    {
        var form = new CalcForm();
        Flatten(node, "", form._values);
        return form;
    }

    public bool IsEmpty => _values.Count == 0;

    public IEnumerable<string> Keys => _values.Keys;

    public string? this[string key]
    {
        get => _values.TryGetValue(key, out var v) ? v : null;
        set { if (value is null) { _values.Remove(key); } else { _values[key] = value; } }
    }

    public string Get(string key, string fallback = "") => _values.TryGetValue(key, out var v) ? v : fallback;

    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>The request body the API would be sent: only the <paramref name="fields"/> the page shows count.</summary>
    public JsonObject ToJson(IEnumerable<string> fields)
    {
        var root = new JsonObject();
        foreach (var field in fields)
        {
            if (!_values.TryGetValue(field, out var text) || Value(text) is not { } value) { continue; }
            if (Parse(field) is { } path) { Set(root, path, value); }
        }
        return root;
    }

    /// <summary>Query string (with leading ?) of the given fields in order, for links that carry a state.</summary>
    public string ToQuery(IEnumerable<string>? fields = null)
    {
        var sb = new StringBuilder();
        foreach (var key in fields ?? _values.Keys)
        {
            if (!_values.TryGetValue(key, out var v)) { continue; }
            sb.Append(sb.Length == 0 ? '?' : '&').Append(UrlEncoder.Default.Encode(key)).Append('=').Append(UrlEncoder.Default.Encode(v));
        }
        return sb.ToString();
    }

    internal static JsonNode? Value(string text)
    {
        var t = text.Trim();
        if (t.Length == 0) { return null; }
        if (t is "true" or "false") { return JsonValue.Create(t == "true"); }
        if (Number(t) is { } n) { return n; }
        var parts = t.Split([',', ' ', '\t', '×', ';'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 1 && parts.Length <= MaxIndex && parts.All(p => Number(p) is not null))
        {
            return new JsonArray(parts.Select(p => (JsonNode?)Number(p)).ToArray());
        }
        return JsonValue.Create(t);
    }

    private static JsonValue? Number(string t)
    {
        if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) { return JsonValue.Create(l); }
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? JsonValue.Create(d) : null;
    }

    /// <summary>Path segments: a string is a property, an int an index; null for a name that is no path.</summary>
    internal static List<object>? Parse(string field)
    {
        var path = new List<object>();
        var i = 0;
        while (i < field.Length)
        {
            if (field[i] == '[')
            {
                var close = field.IndexOf(']', i);
                if (close < 0 || !int.TryParse(field.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    || index >= MaxIndex) { return null; }
                path.Add(index);
                i = close + 1;
            }
            else
            {
                if (field[i] == '.') { i++; }
                var end = field.IndexOfAny(['.', '['], i);
                if (end < 0) { end = field.Length; }
                if (end == i) { return null; }
                path.Add(field[i..end]);
                i = end;
            }
        }
        return path.Count == 0 || path[0] is not string ? null : path;
    }

    private static void Set(JsonObject root, List<object> path, JsonNode value)
    {
        JsonNode node = root;
        for (var i = 0; i < path.Count; i++)
        {
            var last = i == path.Count - 1;
            JsonNode? Make() => last ? value : path[i + 1] is int ? new JsonArray() : new JsonObject();
            switch (path[i], node)
            {
                case (string name, JsonObject obj):
                    if (last || obj[name] is not (JsonObject or JsonArray)) { obj[name] = Make(); }
                    node = obj[name]!;
                    break;
                case (int index, JsonArray array):
                    while (array.Count <= index) { array.Add(null); }
                    if (last || array[index] is not (JsonObject or JsonArray)) { array[index] = Make(); }
                    node = array[index]!;
                    break;
                default:
                    return; // a path that contradicts an earlier one (x=1 and x.y=2): the first shape stays
            }
        }
    }

    private static void Flatten(JsonNode? node, string path, Dictionary<string, string> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj) { Flatten(child, path.Length == 0 ? name : $"{path}.{name}", into); }
                break;
            // A list of sizes (kernelSize, shape) is one field, "2,3"; rows of a matrix (path ending in "]") are cells.
            case JsonArray array when !path.EndsWith(']') && array.Count > 0 && array.All(v => v is JsonValue x && x.GetValueKind() == JsonValueKind.Number):
                into[path] = string.Join(",", array.Select(v => Text(v!.GetValue<double>())));
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) { Flatten(array[i], $"{path}[{i}]", into); }
                break;
            case JsonValue value:
                into[path] = value.GetValueKind() switch
                {
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Number => Text(value.GetValue<double>()),
                    _ => value.ToString(),
                };
                break;
        }
    }

    /// <summary>A number as a form shows it: shortest round-trip text, integers without ".0".</summary>
    public static string Text(double v) =>
        System.Text.RegularExpressions.Regex.Replace(v.ToString("R", CultureInfo.InvariantCulture), @"E\+?(-?)0*(\d)", "e$1$2"); // 1E-05 → 1e-5
}

/// <summary>What a page shows after running its form: the result HTML, or the error and the field it belongs to.</summary>
public sealed record CalcOutcome(string? Html, string? ErrorField, string? ErrorMessage)
{
    public bool Ok => ErrorField is null;

    /// <summary>The message for <paramref name="field"/>, when the error is exactly there.</summary>
    public string? ErrorFor(string field) => ErrorField == field ? ErrorMessage : null;

    /// <summary>Runs parse → calculate → render over the JSON body; a refused input becomes the error, never an exception.</summary>
    public static CalcOutcome Run(JsonObject body, Func<JsonElement, string> render)
    {
        try
        {
            using var doc = JsonDocument.Parse(body.ToJsonString());
            return new CalcOutcome(render(doc.RootElement), null, null);
        }
        catch (CalcException e)
        {
            return new CalcOutcome(null, e.Field, e.Message);
        }
        catch (ArithmeticException)
        {
            return new CalcOutcome(null, "$", "The numbers in this request are too large to compute exactly.");
        }
    }
}
