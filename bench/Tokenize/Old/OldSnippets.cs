// The implementation before the speed-up, copied verbatim (renamed): the baseline of the benchmarks and the oracle of --verify.
using System.Globalization;
using System.Text;

namespace Tokenize.Bench.Old;
using KnowledgeBase.Search;

/// <summary>
/// Builds a result snippet from the ORIGINAL plain text: the query's tokens are matched against the
/// text's tokens (same normalizer, which keeps original offsets), a window around the densest cluster of
/// matches is cut, HTML-escaped, and the original characters of each match wrapped in &lt;mark&gt;.
/// </summary>
internal static class OldSnippets
{
    public const int Width = 120;
    private const int Lead = 30;
    private const int MaxMatches = 200;

    /// <param name="concepts">Bit i set: the article matched concept i; only those are highlighted (all when omitted).</param>
    public static string Build(string? text, SearchQuery query, ulong concepts = ulong.MaxValue, int width = Width)
    {
        text ??= "";
        var matches = FindMatches(text, query, concepts);
        var (start, end) = Window(text, matches, width);
        var sb = new StringBuilder();
        if (start > 0) { sb.Append('…'); }
        var pos = start;
        foreach (var (mStart, mEnd) in Merge(matches.Where(m => m.Start >= start && m.End <= end).Select(m => (m.Start, m.End))))
        {
            AppendText(sb, text, pos, mStart);
            sb.Append("<mark>");
            AppendText(sb, text, mStart, mEnd);
            sb.Append("</mark>");
            pos = mEnd;
        }
        AppendText(sb, text, pos, end);
        if (end < text.Length) { sb.Append('…'); }
        return sb.ToString().Trim();
    }

    internal readonly record struct Match(int Start, int End, int Group);

    internal static List<Match> FindMatches(string text, SearchQuery query, ulong concepts = ulong.MaxValue)
    {
        var result = new List<Match>();
        if (query.IsEmpty) { return result; }
        // Alternatives indexed by their first token, so each text token costs one lookup, not a scan of
        // every synonym; single-word prefix terms ("normaliz") are the only ones checked one by one.
        var byFirst = new Dictionary<string, List<(string[] Tokens, bool Prefix, int Group)>>(StringComparer.Ordinal);
        var prefixes = new List<(string Prefix, int Group)>();
        for (var g = 0; g < query.Concepts.Count; g++)
        {
            if ((concepts & (1UL << g)) == 0) { continue; }
            foreach (var alt in query.Concepts[g].Alternatives)
            {
                var tokens = alt.Tokens.ToArray();
                if (alt.Prefix && tokens.Length == 1) { prefixes.Add((tokens[0], g)); continue; }
                if (!byFirst.TryGetValue(tokens[0], out var list)) { byFirst[tokens[0]] = list = []; }
                list.Add((tokens, alt.Prefix, g));
            }
        }
        var textTokens = OldTextNormalizer.Tokenize(text);
        var lastAt = new int[query.Concepts.Count];
        Array.Fill(lastAt, -1);
        for (var i = 0; i < textTokens.Count && result.Count < MaxMatches; i++)
        {
            var token = textTokens[i];
            if (byFirst.TryGetValue(token.Text, out var candidates))
            {
                foreach (var (tokens, prefix, group) in candidates)
                {
                    if (lastAt[group] != i && Matches(textTokens, i, tokens, prefix))
                    {
                        result.Add(new Match(token.Start, textTokens[i + tokens.Length - 1].End, group));
                        lastAt[group] = i;
                    }
                }
            }
            if (token.Cjk) { continue; }
            foreach (var (prefix, group) in prefixes)
            {
                if (lastAt[group] != i && token.Text.StartsWith(prefix, StringComparison.Ordinal))
                {
                    result.Add(new Match(token.Start, token.End, group));
                    lastAt[group] = i;
                }
            }
        }
        return result;
    }

    private static bool Matches(List<OldToken> tokens, int at, string[] wanted, bool prefix)
    {
        if (at + wanted.Length > tokens.Count) { return false; }
        for (var k = 1; k < wanted.Length; k++)
        {
            var token = tokens[at + k].Text;
            var ok = k == wanted.Length - 1 && prefix ? token.StartsWith(wanted[k], StringComparison.Ordinal) : token == wanted[k];
            if (!ok) { return false; }
        }
        return true;
    }

    /// <summary>The window holding the most distinct query terms (then the most matches, then the earliest).</summary>
    private static (int Start, int End) Window(string text, List<Match> matches, int width)
    {
        if (text.Length <= width) { return (0, text.Length); }
        var bestStart = 0;
        (int Groups, int Count) best = (0, 0);
        var seen = new bool[matches.Count == 0 ? 0 : matches.Max(m => m.Group) + 1];
        // Quadratic in matches (capped at MaxMatches) but allocation-free: this runs for every result shown.
        foreach (var anchor in matches)
        {
            var start = SentenceStart(text, anchor.Start);
            var end = start + width;
            Array.Clear(seen);
            int groups = 0, count = 0;
            foreach (var m in matches)
            {
                if (m.Start < start || m.End > end) { continue; }
                count++;
                if (!seen[m.Group]) { seen[m.Group] = true; groups++; }
            }
            if ((groups, count).CompareTo(best) > 0) { best = (groups, count); bestStart = start; }
        }
        var stop = Math.Min(text.Length, bestStart + width);
        bestStart = Math.Max(0, stop - width);
        // Never cut a surrogate pair in half.
        if (bestStart > 0 && char.IsLowSurrogate(text[bestStart])) { bestStart++; }
        if (stop < text.Length && char.IsLowSurrogate(text[stop])) { stop++; }
        return (bestStart, stop);
    }

    /// <summary>Up to <see cref="Lead"/> characters of context before a match, starting at a sentence if one starts there.</summary>
    private static int SentenceStart(string text, int match)
    {
        var limit = Math.Max(0, match - Lead);
        for (var i = match - 1; i >= limit; i--)
        {
            if (text[i] is '。' or '！' or '？' or '；' or '\n' || (text[i] is '.' or '!' or '?' && i + 1 < text.Length && char.IsWhiteSpace(text[i + 1])))
            {
                var start = i + 1;
                while (start < match && char.IsWhiteSpace(text[start])) { start++; }
                return start;
            }
        }
        return limit;
    }

    private static IEnumerable<(int Start, int End)> Merge(IEnumerable<(int Start, int End)> spans)
    {
        (int Start, int End)? current = null;
        foreach (var span in spans.OrderBy(s => s.Start))
        {
            if (current is { } c && span.Start <= c.End) { current = (c.Start, Math.Max(c.End, span.End)); continue; }
            if (current is { } done) { yield return done; }
            current = span;
        }
        if (current is { } last) { yield return last; }
    }

    /// <summary>HTML-escapes, folds whitespace runs to one space and drops invisible format characters (U+200B …).</summary>
    private static void AppendText(StringBuilder sb, string text, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (sb.Length > 0 && sb[^1] != ' ') { sb.Append(' '); }
                continue;
            }
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format) { continue; }
            if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < to && char.IsLowSurrogate(text[i + 1]))
                && !(char.IsLowSurrogate(c) && i > from && char.IsHighSurrogate(text[i - 1])))
            {
                continue;
            }
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default: sb.Append(c); break;
            }
        }
    }
}
