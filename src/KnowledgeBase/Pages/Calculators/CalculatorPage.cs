using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using KnowledgeBase.Calculators;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeBase.Pages.Calculators;

/// <summary>
/// A calculator page: the GET query string is the whole state (<see cref="CalcForm"/>: fields named by JSON path),
/// computed and drawn on the server, so every state is a shareable URL and the page works without JavaScript.
/// An input the calculator refuses shows its message in the error slot of that field (or the nearest enclosing one);
/// the form and the rest of the page stay. wwwroot/js/calculators.js does the same live through the JSON API.
/// </summary>
public abstract class CalculatorPage : PageModel
{
    /// <summary>The calculator's name in <see cref="CalculatorsApi.Endpoints"/> (API path and page path).</summary>
    public abstract string Calculator { get; }

    public CalcForm Form { get; private set; } = new();

    public CalcOutcome Outcome { get; private set; } = new(null, null, null);

    /// <summary>Where the current error is shown: its field, or the nearest enclosing slot, or "$" (top of the form).</summary>
    public string? ErrorSlot { get; private set; }

    public bool En => CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal);

    public string T(string zh, string en) => CalcPictures.T(En, zh, en);

    /// <summary>The state used when the query string is empty (the page's first example).</summary>
    protected abstract CalcForm Defaults();

    /// <summary>The fields the page shows, in order: exactly these go into the request.</summary>
    protected abstract IEnumerable<string> Fields();

    /// <summary>Page-only fields that are not part of the request (grid sizes, layer count).</summary>
    protected virtual IEnumerable<string> PageKeys() => [];

    /// <summary>This state as a URL: the page-only fields, then the request's.</summary>
    public string Permalink => Request.Path + Form.ToQuery(PageKeys().Concat(Fields()));

    /// <summary>Error slots besides the fields: groups such as a whole grid (<c>input</c>) or a layer row.</summary>
    protected virtual IEnumerable<string> Groups() => [];

    /// <summary>Runs the form's fields through the calculator and renders the result (or places the error).</summary>
    protected void Compute()
    {
        var fields = Fields().ToList();
        var body = Form.ToJson(fields);
        Outcome = CalcOutcome.Run(body, request => CalcPictures.Render(Calculator, request, En));
        if (!Outcome.Ok)
        {
            // Grid cells (names ending in "]") have no slot of their own: their grid's slot shows the message.
            var slots = new HashSet<string>(fields.Where(f => !f.EndsWith(']')).Concat(Groups()), StringComparer.Ordinal);
            ErrorSlot = Slot(Outcome.ErrorField!, slots);
        }
    }

    /// <summary>The JSON path itself if a control has it, else its parent path (<c>input[3][0]</c> → <c>input[3]</c> → <c>input</c>).</summary>
    public static string Slot(string field, ISet<string> slots)
    {
        var f = field;
        while (f.Length > 0 && !slots.Contains(f))
        {
            var cut = Math.Max(f.LastIndexOf('['), f.LastIndexOf('.'));
            f = cut > 0 ? f[..cut] : "";
        }
        return f.Length == 0 ? "$" : f;
    }

    public IActionResult OnGet()
    {
        Load();
        if (Edit() is { } redirect) { return redirect; }
        Compute();
        return Page();
    }

    /// <summary>A page's own edit buttons (add a row, random values): the changed state as a redirect, or null.</summary>
    protected virtual IActionResult? Edit() => null;

    /// <summary>The query's state, or the defaults when it holds none; then <see cref="Prepare"/>.</summary>
    protected void Load()
    {
        Form = CalcForm.FromQuery(Request.Query);
        if (Form.Keys.All(k => k is "culture" or "handler")) { Form = Defaults(); }
        Prepare();
    }

    /// <summary>Sizes of grids and row lists, read before <see cref="Fields"/> is listed.</summary>
    protected virtual void Prepare() { }

    public string? ErrorFor(string slot) => ErrorSlot == slot
        ? (Outcome.ErrorField == slot || slot == "$" ? "" : Outcome.ErrorField + ": ") + Outcome.ErrorMessage
        : null;

    // ---- controls: labelled, named by JSON path, each with its error slot ----

    public static string Id(string name) => "f-" + new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());

    private static string E(string s) => HtmlEncoder.Default.Encode(s);

    /// <summary>The error slot of <paramref name="name"/>; calculators.js fills the same element.</summary>
    public HtmlString ErrorSlotFor(string name)
    {
        var message = ErrorFor(name);
        return new HtmlString($"<span class=\"field-error\" id=\"e{Id(name)}\" data-error-for=\"{E(name)}\" role=\"status\">{E(message ?? "")}</span>");
    }

    private string Invalid(string name) => ErrorSlot == name ? " aria-invalid=\"true\"" : "";

    public HtmlString Input(string name, string label, string? hint = null, string type = "text", string extra = "", string placeholder = "")
    {
        var id = Id(name);
        var sb = new StringBuilder();
        sb.Append($"<div class=\"calc-field\"><label for=\"{id}\">{E(label)}</label>");
        sb.Append($"<input id=\"{id}\" name=\"{E(name)}\" type=\"{type}\" value=\"{E(Form.Get(name))}\" autocomplete=\"off\"{(placeholder.Length > 0 ? $" placeholder=\"{E(placeholder)}\"" : "")} inputmode=\"{(type == "number" ? "numeric" : "text")}\"");
        sb.Append($" aria-describedby=\"e{id}{(hint is null ? "" : $" h{id}")}\"{Invalid(name)} {extra}>");
        if (hint is not null) { sb.Append($"<small id=\"h{id}\" class=\"hint\">{E(hint)}</small>"); }
        sb.Append(ErrorSlotFor(name)).Append("</div>");
        return new HtmlString(sb.ToString());
    }

    /// <summary>A checkbox after a hidden "false" with the same name: the last value wins, so unchecked means false.</summary>
    public HtmlString Check(string name, string label, bool fallback)
    {
        var id = Id(name);
        var on = Form.Get(name, fallback ? "true" : "false") is "true" or "on";
        return new HtmlString($"<div class=\"calc-field check\"><input type=\"hidden\" name=\"{E(name)}\" value=\"false\">" +
            $"<input id=\"{id}\" type=\"checkbox\" name=\"{E(name)}\" value=\"true\"{(on ? " checked" : "")} aria-describedby=\"e{id}\"{Invalid(name)}>" +
            $"<label for=\"{id}\">{E(label)}</label>{ErrorSlotFor(name)}</div>");
    }

    public HtmlString Select(string name, string label, IEnumerable<(string Value, string Text)> options, string extra = "")
    {
        var id = Id(name);
        var current = Form.Get(name);
        var sb = new StringBuilder($"<div class=\"calc-field\"><label for=\"{id}\">{E(label)}</label><select id=\"{id}\" name=\"{E(name)}\" aria-describedby=\"e{id}\"{Invalid(name)} {extra}>");
        foreach (var (value, text) in options)
        {
            sb.Append($"<option value=\"{E(value)}\"{(value == current ? " selected" : "")}>{E(text)}</option>");
        }
        return new HtmlString(sb.Append("</select>").Append(ErrorSlotFor(name)).Append("</div>").ToString());
    }

    /// <summary>An editable matrix: one labelled input per cell, named <c>prefix[i][j]</c>, in a scrolling table.</summary>
    public HtmlString Grid(string prefix, string caption, int rows, int cols, string fallback, string extra = "")
    {
        var sb = new StringBuilder($"<div class=\"calc-scroll\"><table class=\"calc-grid-input\" data-grid=\"{E(prefix)}\" data-default=\"{E(fallback)}\" {extra}><caption>{E(caption)}</caption><tbody>");
        for (var i = 0; i < rows; i++)
        {
            sb.Append("<tr>");
            for (var j = 0; j < cols; j++)
            {
                var name = $"{prefix}[{i}][{j}]";
                var label = T($"{caption} 第 {i + 1} 行第 {j + 1} 列", $"{caption} row {i + 1} column {j + 1}");
                sb.Append($"<td><input name=\"{E(name)}\" value=\"{E(Form.Get(name, fallback))}\" aria-label=\"{E(label)}\" autocomplete=\"off\" inputmode=\"decimal\"{(Outcome.ErrorField == name ? " aria-invalid=\"true\"" : "")}></td>");
            }
            sb.Append("</tr>");
        }
        return new HtmlString(sb.Append("</tbody></table></div>").Append(ErrorSlotFor(prefix)).ToString());
    }

    /// <summary>Cells of a grid as field names (what goes into the request).</summary>
    protected static IEnumerable<string> Cells(string prefix, int rows, int cols) =>
        Enumerable.Range(0, rows).SelectMany(i => Enumerable.Range(0, cols).Select(j => $"{prefix}[{i}][{j}]"));

    /// <summary>Cells the query does not hold get <paramref name="fallback"/> (a grown grid, a new output shape).</summary>
    protected void Fill(string prefix, int rows, int cols, string fallback)
    {
        foreach (var cell in Cells(prefix, rows, cols)) { Form[cell] ??= fallback; }
    }

    /// <summary>1 + the largest index used after <paramref name="prefix"/> (<c>input[</c> → rows) in the form, at least 1.</summary>
    protected int Extent(string prefix, int fallback)
    {
        var max = -1;
        foreach (var key in Form.Keys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) { continue; }
            var end = key.IndexOf(']', prefix.Length);
            if (end > 0 && int.TryParse(key.AsSpan(prefix.Length, end - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var i)) { max = Math.Max(max, i); }
        }
        return max < 0 ? fallback : Math.Min(max + 1, CalcForm.MaxIndex);
    }

    /// <summary>A size field (rows, columns, layer count) read leniently: out of range falls back to the bounds.</summary>
    protected int Size(string name, int fallback, int max)
    {
        var text = Form.Get(name);
        var v = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) ? x : fallback;
        v = Math.Clamp(v, 1, max);
        Form[name] = v.ToString(CultureInfo.InvariantCulture);
        return v;
    }

    /// <summary>
    /// The row buttons of a list such as <c>layers</c>: <c>op=add</c>, <c>remove:i</c>, <c>up:i</c>, <c>down:i</c> (submit
    /// buttons, so they work without JavaScript). Returns the redirect to the edited state, or null when there is no op.
    /// </summary>
    protected IActionResult? EditRows(string list, int count, int max, Action<int> addRow, Action<int> setCount)
    {
        if (Form["op"] is not { } op) { return null; }
        var parts = op.Split(':');
        var at = parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < count ? i : -1;
        switch (parts[0])
        {
            case "add" when count < max:
                addRow(count);
                count++;
                break;
            case "remove" when at >= 0 && count > 1:
                for (var r = at; r < count - 1; r++) { MoveRow(list, r + 1, r); }
                ClearRow(list, count - 1);
                count--;
                break;
            case "up" when at > 0:
                SwapRows(list, at - 1, at);
                break;
            case "down" when at >= 0 && at < count - 1:
                SwapRows(list, at, at + 1);
                break;
        }
        setCount(count); // before the permalink, which lists the rows
        return Redirect(Permalink);
    }

    /// <summary>The ↑ ↓ ✕ buttons of row <paramref name="i"/> (see <see cref="EditRows"/>).</summary>
    public HtmlString RowTools(int i, int count, string what)
    {
        string Button(string op, string text, string label, bool disabled) =>
            $"<button type=\"submit\" name=\"op\" value=\"{op}:{i}\" aria-label=\"{E(label)}\"{(disabled ? " disabled" : "")}>{text}</button>";
        return new HtmlString("<div class=\"calc-layer-tools\">" +
            Button("up", "↑", T($"{what} {i} 上移", $"Move {what} {i} up"), i == 0) +
            Button("down", "↓", T($"{what} {i} 下移", $"Move {what} {i} down"), i == count - 1) +
            Button("remove", "✕", T($"删除{what} {i}", $"Remove {what} {i}"), count == 1) + "</div>");
    }

    private List<string> RowKeys(string list, int row) => Form.Keys.Where(k => k.StartsWith($"{list}[{row}].", StringComparison.Ordinal)).ToList();

    private void ClearRow(string list, int row)
    {
        foreach (var key in RowKeys(list, row)) { Form[key] = null; }
    }

    private void MoveRow(string list, int from, int to)
    {
        ClearRow(list, to);
        var prefix = $"{list}[{from}]";
        foreach (var key in RowKeys(list, from)) { Form[$"{list}[{to}]" + key[prefix.Length..]] = Form[key]; Form[key] = null; }
    }

    private void SwapRows(string list, int a, int b)
    {
        var prefix = $"{list}[{a}]";
        var saved = RowKeys(list, a).ToDictionary(k => k[prefix.Length..], k => Form[k]);
        MoveRow(list, b, a);
        foreach (var (suffix, value) in saved) { Form[$"{list}[{b}]" + suffix] = value; }
    }

    /// <summary>Sets a form from a JSON request (the defaults and presets are written as the API's JSON).</summary>
    protected static CalcForm FromJson(string json) => CalcForm.FromJson(JsonNode.Parse(json));
}
