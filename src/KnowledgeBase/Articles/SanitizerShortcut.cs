using System.Text;
using Ganss.Xss;

namespace KnowledgeBase.Articles;

/// <summary>
/// What HtmlSanitizer would return for the HTML Markdig writes from Markdown without raw HTML, computed without
/// parsing it into a DOM (that parse and the re-serialization were a third of the import's CPU).
/// </summary>
/// <remarks>
/// It fails closed: the HTML is read as the narrow grammar Markdig's renderer writes (lower-case tags, attributes
/// as <c>name="value"</c>, text escaped), and anything outside it — a tag, attribute, URL scheme or style not on
/// the short lists below, an author-written id, an entity Markdig does not write, nesting an HTML parser would
/// repair — returns null, and the caller runs the full sanitizer. What it accepts it re-escapes exactly as the
/// sanitizer's serializer does, so for every input both give the same bytes (tests compare them over the shipped
/// articles and generated hostile Markdown). The lists are intersected with the sanitizer's own, so it never keeps
/// what the sanitizer's configuration drops.
/// </remarks>
internal sealed class SanitizerShortcut
{
    private static readonly string[] Tags =
    [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre", "code", "em", "strong", "del",
        "ins", "mark", "sub", "sup", "a", "img", "br", "hr", "table", "thead", "tbody", "tr", "th", "td", "div", "span",
        "dl", "dt", "dd", "figure", "figcaption", "abbr", "cite",
    ];

    private static readonly HashSet<string> Void = new(StringComparer.Ordinal) { "img", "br", "hr" };

    /// <summary>Start tags that close an open &lt;p&gt; in an HTML parser (so the parsed tree would differ from the text).</summary>
    private static readonly HashSet<string> ClosesParagraph = new(StringComparer.Ordinal)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre", "hr", "table", "div", "dl", "dt",
        "dd", "figure", "figcaption",
    };

    private static readonly HashSet<string> Headings = new(StringComparer.Ordinal) { "h1", "h2", "h3", "h4", "h5", "h6" };

    /// <summary>Where table parts may appear; text other than white space there would be moved out by a parser.</summary>
    private static readonly Dictionary<string, string[]> TableChildren = new(StringComparer.Ordinal)
    {
        ["table"] = ["thead", "tbody"],
        ["thead"] = ["tr"],
        ["tbody"] = ["tr"],
        ["tr"] = ["th", "td"],
    };

    private static readonly string[] Attributes = ["id", "class", "href", "src", "alt", "title", "style", "start"];

    /// <summary>Markdig's alignment of table columns, and how the sanitizer's CSS serializer writes it back.</summary>
    private static readonly Dictionary<string, string> Alignments = new(StringComparer.Ordinal)
    {
        ["text-align: left;"] = "text-align: left",
        ["text-align: center;"] = "text-align: center",
        ["text-align: right;"] = "text-align: right",
    };

    private readonly HashSet<string> _tags;
    private readonly HashSet<string> _attributes;
    private readonly HashSet<string> _schemes;
    private readonly bool _alignments;
    private readonly string _idMarker;

    /// <param name="sanitizer">The configured sanitizer this stands in for.</param>
    /// <param name="idMarker">Prefix of the heading ids the renderer generated; removed as the sanitizer's post-processing does. Every other id falls back.</param>
    public SanitizerShortcut(HtmlSanitizer sanitizer, string idMarker)
    {
        _tags = new HashSet<string>(Tags.Where(sanitizer.AllowedTags.Contains), StringComparer.Ordinal);
        _attributes = new HashSet<string>(Attributes.Where(sanitizer.AllowedAttributes.Contains), StringComparer.Ordinal);
        _schemes = new HashSet<string>(sanitizer.AllowedSchemes, StringComparer.OrdinalIgnoreCase);
        _alignments = sanitizer.AllowedCssProperties.Contains("text-align");
        _idMarker = idMarker;
    }

    /// <summary>The sanitized HTML, or null when the input is anything but plain Markdig output this understands.</summary>
    public string? TrySanitize(string html)
    {
        var output = new StringBuilder(html.Length + html.Length / 16);
        var open = new List<string>();
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            var end = lt < 0 ? html.Length : lt;
            if (end > i)
            {
                if (!InTableText(open, html.AsSpan(i, end - i)) || !AppendText(output, html.AsSpan(i, end - i), attribute: false))
                {
                    return null;
                }
            }
            if (lt < 0) { break; }
            i = ReadTag(html, lt, output, open);
            if (i < 0) { return null; }
        }
        return open.Count == 0 ? output.ToString() : null;
    }

    /// <summary>Reads the tag at <paramref name="lt"/>; the index after it, or -1 to fall back.</summary>
    private int ReadTag(string html, int lt, StringBuilder output, List<string> open)
    {
        var i = lt + 1;
        var closing = i < html.Length && html[i] == '/';
        if (closing) { i++; }
        var nameStart = i;
        while (i < html.Length && (html[i] is >= 'a' and <= 'z' || (i > nameStart && html[i] is >= '1' and <= '6'))) { i++; }
        if (i == nameStart) { return -1; }
        var name = html[nameStart..i];
        if (!_tags.Contains(name)) { return -1; }

        if (closing)
        {
            if (i >= html.Length || html[i] != '>' || open.Count == 0 || open[^1] != name) { return -1; }
            open.RemoveAt(open.Count - 1);
            output.Append("</").Append(name).Append('>');
            return i + 1;
        }

        if (!MayOpen(open, name)) { return -1; }
        output.Append('<').Append(name);
        var seen = new List<string>(2);
        while (true)
        {
            if (i >= html.Length) { return -1; }
            if (html[i] == '>') { i++; break; }
            if (html[i] == ' ' && i + 2 < html.Length && html[i + 1] == '/' && html[i + 2] == '>')
            {
                // "<br />": only void elements may close themselves (a parser ignores the slash on any other).
                if (!Void.Contains(name)) { return -1; }
                i += 3;
                break;
            }
            if (html[i] != ' ') { return -1; }
            i++;
            var attributeStart = i;
            while (i < html.Length && html[i] is >= 'a' and <= 'z') { i++; }
            var attribute = html[attributeStart..i];
            // A parser keeps only the first of two equal attribute names.
            if (attribute.Length == 0 || !_attributes.Contains(attribute) || seen.Contains(attribute)) { return -1; }
            seen.Add(attribute);
            if (i + 1 >= html.Length || html[i] != '=' || html[i + 1] != '"') { return -1; }
            i += 2;
            var close = html.IndexOf('"', i);
            if (close < 0) { return -1; }
            var value = Decode(html.AsSpan(i, close - i));
            i = close + 1;
            // The sanitizer drops any attribute holding "&{" (an old script-include syntax).
            if (value is null || value.Contains("&{", StringComparison.Ordinal) || AttributeValue(attribute, value) is not { } kept) { return -1; }
            output.Append(' ').Append(attribute).Append("=\"");
            if (!AppendText(output, kept, attribute: true)) { return -1; }
            output.Append('"');
        }
        output.Append('>');
        if (!Void.Contains(name)) { open.Add(name); }
        // A parser drops a line break right after <pre>, and its serializer writes one back only in some cases.
        if (name == "pre" && (i >= html.Length || html[i] != '<')) { return -1; }
        return i;
    }

    /// <summary>False where an HTML parser would not nest <paramref name="name"/> inside the open elements as written.</summary>
    private static bool MayOpen(List<string> open, string name)
    {
        var parent = open.Count > 0 ? open[^1] : null;
        if (parent is not null && TableChildren.TryGetValue(parent, out var children)) { return children.Contains(name); }
        if (TableChildren.ContainsKey(name) && name != "table") { return false; }
        if (name is "th" or "td") { return false; }
        if (name == "li" && parent is not ("ul" or "ol")) { return false; }
        if (name is "dt" or "dd" && parent != "dl") { return false; }
        if (ClosesParagraph.Contains(name) && open.Contains("p")) { return false; }
        if (Headings.Contains(name) && parent is not null && Headings.Contains(parent)) { return false; }
        if (name == "a" && open.Contains("a")) { return false; }
        return true;
    }

    /// <summary>Inside table parts only HTML's white space (not Unicode's) may stand between tags; a parser moves anything else out.</summary>
    private static bool InTableText(List<string> open, ReadOnlySpan<char> text) =>
        open.Count == 0 || !TableChildren.ContainsKey(open[^1]) || text.IndexOfAnyExcept(" \t\n\f") < 0;

    /// <summary>The value to write for an attribute the sanitizer would keep unchanged, or null to fall back.</summary>
    private string? AttributeValue(string attribute, string value)
    {
        switch (attribute)
        {
            case "id":
                // Only the renderer's own heading ids; the sanitizer's post-processing strips their marker.
                return value.StartsWith(_idMarker, StringComparison.Ordinal) && value.Length > _idMarker.Length ? value[_idMarker.Length..] : null;
            case "class":
                return string.IsNullOrWhiteSpace(value) ? null : value;
            case "href" or "src":
                return IsSafeUrl(value) ? value : null;
            case "style":
                return _alignments && Alignments.TryGetValue(value, out var style) ? style : null;
            case "start":
                return value.Length is > 0 and <= 9 && value.All(char.IsAsciiDigit) ? value : null;
            default:
                return value;
        }
    }

    /// <summary>
    /// A URL the sanitizer keeps as it is: no white space, control characters or character references, and either
    /// no scheme (a '/' or '#' before the first ':') or an allowed one.
    /// </summary>
    private bool IsSafeUrl(string url)
    {
        if (url.Length == 0) { return false; }
        foreach (var c in url)
        {
            if (c <= ' ' || c == '\u007F' || c == '&' || c == '\\' || char.IsWhiteSpace(c) || char.IsControl(c)) { return false; }
        }
        var colon = url.IndexOf(':');
        if (colon < 0) { return true; }
        var beforeColon = url.AsSpan(0, colon);
        if (beforeColon.IndexOfAny('/', '#') >= 0) { return true; }
        return _schemes.Contains(beforeColon.ToString());
    }

    /// <summary>Undoes Markdig's escaping (&amp;amp; &amp;lt; &amp;gt; &amp;quot;); null for any other character reference.</summary>
    private static string? Decode(ReadOnlySpan<char> escaped)
    {
        if (escaped.IndexOf('&') < 0) { return escaped.ToString(); }
        var sb = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != '&') { sb.Append(escaped[i]); continue; }
            var rest = escaped[i..];
            if (rest.StartsWith("&amp;")) { sb.Append('&'); i += 4; }
            else if (rest.StartsWith("&lt;")) { sb.Append('<'); i += 3; }
            else if (rest.StartsWith("&gt;")) { sb.Append('>'); i += 3; }
            else if (rest.StartsWith("&quot;")) { sb.Append('"'); i += 5; }
            else { return null; }
        }
        return sb.ToString();
    }

    /// <summary>
    /// Text (already escaped by Markdig when <paramref name="attribute"/> is false: decoded here first) written as the
    /// sanitizer's serializer writes it: &amp; &lt; &gt; and no-break space escaped, and " in attribute values. False
    /// for characters an HTML parser would change (NUL, carriage return) or references Markdig does not write.
    /// </summary>
    private static bool AppendText(StringBuilder output, ReadOnlySpan<char> text, bool attribute)
    {
        string? decoded = null;
        if (!attribute)
        {
            decoded = Decode(text);
            if (decoded is null) { return false; }
            text = decoded;
        }
        foreach (var c in text)
        {
            switch (c)
            {
                case '\0' or '\r': return false;
                case '&': output.Append("&amp;"); break;
                case '<': output.Append("&lt;"); break;
                case '>': output.Append("&gt;"); break;
                case '\u00A0': output.Append("&nbsp;"); break;
                case '"' when attribute: output.Append("&quot;"); break;
                default: output.Append(c); break;
            }
        }
        return true;
    }
}
