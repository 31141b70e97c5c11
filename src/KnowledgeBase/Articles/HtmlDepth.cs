namespace KnowledgeBase.Articles;

/// <summary>
/// Counts how deeply an article's raw HTML nests, fed fragment by fragment in document order, so that input
/// which would make the sanitizer's HTML parser superlinear (100k nested &lt;div&gt; took 47 s) is rejected
/// before it gets there. A linear scan of tags, not a parser: it approximates the tree well enough to bound it
/// (void elements and same-name siblings that close each other, like &lt;li&gt;&lt;li&gt;, do not nest).
/// </summary>
internal sealed class HtmlDepth
{
    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    };

    private static readonly HashSet<string> ClosesSibling = new(StringComparer.OrdinalIgnoreCase)
    {
        "li", "p", "dt", "dd", "tr", "td", "th", "option",
    };

    private readonly List<string> _open = [];

    /// <exception cref="RenderException">The open elements exceed <paramref name="max"/>.</exception>
    public void Feed(string html, int max, int line)
    {
        var i = 0;
        while ((i = html.IndexOf('<', i)) >= 0)
        {
            if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                var endComment = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                if (endComment < 0) { return; }
                i = endComment + 3;
                continue;
            }
            var end = html.IndexOf('>', i + 1);
            if (end < 0) { return; }
            var closing = i + 1 < html.Length && html[i + 1] == '/';
            var nameStart = closing ? i + 2 : i + 1;
            var nameEnd = nameStart;
            while (nameEnd < end && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] == '-')) { nameEnd++; }
            var selfClosing = html[end - 1] == '/';
            i = end + 1;
            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart])) { continue; }
            var name = html[nameStart..nameEnd];
            if (closing)
            {
                // Bounded by max: the list never grows beyond it.
                var at = _open.FindLastIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
                if (at >= 0) { _open.RemoveRange(at, _open.Count - at); }
                continue;
            }
            if (selfClosing || Void.Contains(name)) { continue; }
            if (ClosesSibling.Contains(name) && _open.Count > 0 && string.Equals(_open[^1], name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            _open.Add(name);
            if (_open.Count > max)
            {
                throw new RenderException($"raw HTML nests more than {max} elements deep; the limit is {max}", line);
            }
        }
    }
}
