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
        var normalized = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var sb = new StringBuilder(normalized.Length);
        var pendingDash = false;
        foreach (var rune in normalized.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var keep = Rune.IsLetterOrDigit(rune) || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                || rune.Value is '_';
            if (keep)
            {
                if (pendingDash && sb.Length > 0) { sb.Append('-'); }
                pendingDash = false;
                sb.Append(rune.ToString());
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

        public string Next(string text)
        {
            var baseId = Slugify(text);
            if (baseId.Length == 0) { baseId = "section"; }
            var id = baseId;
            for (var n = 1; !_used.Add(id); n++)
            {
                id = $"{baseId}-{n}";
            }
            return id;
        }
    }
}
