using System.Globalization;
using System.Text;

namespace KnowledgeBase.Articles;

/// <summary>
/// Heading ids that stay readable for Chinese: letters and digits of any script are kept (so
/// "批归一化 BN 的缺点" becomes "批归一化-bn-的缺点"), unlike Markdig's ASCII-only auto-ids that turn every
/// Chinese heading into "section".
/// </summary>
public static class Anchors
{
    public static string Slugify(string text)
    {
        // ICU's Normalize throws on U+FFFE; a noncharacter never belongs in an id anyway.
        if (text.AsSpan().IndexOfAny('\uFFFE', '\uFFFF') >= 0)
        {
            text = text.Replace("\uFFFE", "", StringComparison.Ordinal).Replace("\uFFFF", "", StringComparison.Ordinal);
        }
        var normalized = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var sb = new StringBuilder(normalized.Length);
        var pendingDash = false;
        Span<char> utf16 = stackalloc char[2];
        foreach (var rune in normalized.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var keep = Rune.IsLetterOrDigit(rune) || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                || rune.Value is '_';
            if (keep)
            {
                if (pendingDash && sb.Length > 0) { sb.Append('-'); }
                pendingDash = false;
                sb.Append(utf16[..rune.EncodeToUtf16(utf16)]);
            }
            else if (Rune.IsWhiteSpace(rune) || rune.Value is '-' or '.' or '/' or '×' or '+' or '·' or '、' or '，' or '：' or ':' or ',')
            {
                pendingDash = true;
            }
            // Other punctuation (?, ？, quotes, brackets) is dropped without a separator.
        }
        return sb.ToString();
    }

    /// <summary>Makes ids unique within one page in document order: x, x-1, x-2 …</summary>
    public sealed class Registry
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        // The next suffix to try per base id. Ids are never released, so every smaller suffix is taken:
        // starting here gives the same ids as counting from 1, in linear instead of quadratic time.
        private readonly Dictionary<string, int> _nextSuffix = new(StringComparer.Ordinal);

        public string Next(string text)
        {
            var baseId = Slugify(text);
            if (baseId.Length == 0) { baseId = "section"; }
            if (_used.Add(baseId)) { return baseId; }
            var n = _nextSuffix.GetValueOrDefault(baseId, 1);
            string id;
            while (!_used.Add(id = $"{baseId}-{n}")) { n++; }
            _nextSuffix[baseId] = n + 1;
            return id;
        }
    }
}
