using System.Globalization;
using System.Net;
using System.Text;

namespace KnowledgeBase.Calculators;

/// <summary>
/// The one SVG writer of the calculator pictures. A viewBox, so a picture scales down to its box on a phone; colours come from CSS classes and currentColor (wwwroot/css/calculators.css) so dark mode needs nothing here;
/// <c>role="img"</c> with a title and description, and every picture is followed by a table with the same facts.
/// </summary>
internal sealed class Svg
{
    /// <summary>Natural size in CSS pixels per viewBox unit; CSS shrinks a picture to a narrower box (max-width: 100%).</summary>
    private const double Scale = 1.25;

    private readonly StringBuilder _sb = new();

    public Svg(double width, double height, string title, string description, string cssClass)
    {
        _sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"calc-svg ").Append(Esc(cssClass))
            .Append("\" viewBox=\"0 0 ").Append(N(width)).Append(' ').Append(N(height))
            .Append("\" width=\"").Append(N(width * Scale)).Append("\" height=\"").Append(N(height * Scale))
            .Append("\" role=\"img\" aria-label=\"").Append(Esc(title)).Append("\"><title>").Append(Esc(title))
            .Append("</title><desc>").Append(Esc(description)).Append("</desc>");
    }

    /// <summary>Numbers in attributes: invariant, at most 2 decimals.</summary>
    public static string N(double v) => Math.Round(v, 2).ToString(CultureInfo.InvariantCulture);

    /// <summary>Numbers shown to people: up to 4 decimals, no trailing zeros, "−" for negatives.</summary>
    public static string Num(double v)
    {
        var r = Math.Round(v, 4);
        if (r == 0) { r = 0; } // no "-0"
        return r.ToString("0.####", CultureInfo.InvariantCulture).Replace('-', '−');
    }

    public static string Esc(string s) => WebUtility.HtmlEncode(s);

    public Svg Open(string cssClass, params (string Name, string Value)[] attributes)
    {
        _sb.Append("<g class=\"").Append(Esc(cssClass)).Append('"');
        Attributes(attributes);
        _sb.Append('>');
        return this;
    }

    public Svg Close()
    {
        _sb.Append("</g>");
        return this;
    }

    public Svg Rect(double x, double y, double w, double h, string cssClass, params (string Name, string Value)[] attributes)
    {
        _sb.Append("<rect x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\" width=\"").Append(N(w))
            .Append("\" height=\"").Append(N(h)).Append("\" class=\"").Append(Esc(cssClass)).Append('"');
        Attributes(attributes);
        _sb.Append("/>");
        return this;
    }

    public Svg Text(double x, double y, string text, string cssClass = "")
    {
        _sb.Append("<text x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append('"');
        if (cssClass.Length > 0) { _sb.Append(" class=\"").Append(Esc(cssClass)).Append('"'); }
        _sb.Append('>').Append(Esc(text)).Append("</text>");
        return this;
    }

    public Svg Line(double x1, double y1, double x2, double y2, string cssClass)
    {
        _sb.Append("<line x1=\"").Append(N(x1)).Append("\" y1=\"").Append(N(y1)).Append("\" x2=\"").Append(N(x2))
            .Append("\" y2=\"").Append(N(y2)).Append("\" class=\"").Append(Esc(cssClass)).Append("\"/>");
        return this;
    }

    public Svg Circle(double cx, double cy, double r, string cssClass)
    {
        _sb.Append("<circle cx=\"").Append(N(cx)).Append("\" cy=\"").Append(N(cy)).Append("\" r=\"").Append(N(r))
            .Append("\" class=\"").Append(Esc(cssClass)).Append("\"/>");
        return this;
    }

    /// <summary>A tooltip (and accessible name) for the enclosing group.</summary>
    public Svg Title(string text)
    {
        _sb.Append("<title>").Append(Esc(text)).Append("</title>");
        return this;
    }

    private void Attributes((string Name, string Value)[] attributes)
    {
        foreach (var (name, value) in attributes) { _sb.Append(' ').Append(name).Append("=\"").Append(Esc(value)).Append('"'); }
    }

    public override string ToString() => _sb + "</svg>";
}

/// <summary>A small HTML table as the text alternative of a picture (and the numbers a reader copies).</summary>
internal sealed class HtmlTable
{
    private readonly StringBuilder _sb = new();

    public HtmlTable(string caption, string cssClass, params string[] head)
    {
        _sb.Append("<div class=\"calc-scroll\"><table class=\"calc-table ").Append(Svg.Esc(cssClass)).Append("\"><caption>")
            .Append(Svg.Esc(caption)).Append("</caption><thead><tr>");
        foreach (var h in head) { _sb.Append("<th scope=\"col\">").Append(Svg.Esc(h)).Append("</th>"); }
        _sb.Append("</tr></thead><tbody>");
    }

    /// <summary>The first cell is the row header.</summary>
    public HtmlTable Row(params string[] cells)
    {
        _sb.Append("<tr>");
        for (var i = 0; i < cells.Length; i++)
        {
            _sb.Append(i == 0 ? "<th scope=\"row\">" : "<td>").Append(Svg.Esc(cells[i])).Append(i == 0 ? "</th>" : "</td>");
        }
        _sb.Append("</tr>");
        return this;
    }

    public override string ToString() => _sb + "</tbody></table></div>";
}
