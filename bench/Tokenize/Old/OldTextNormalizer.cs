// The implementation before the speed-up, copied verbatim (renamed): the baseline of the benchmarks and the oracle of --verify.
using System.Globalization;
using System.Text;

namespace Tokenize.Bench.Old;
using KnowledgeBase.Search;

/// <summary>A normalized token and the span [Start, End) of the original text it came from.</summary>
internal readonly record struct OldToken(string Text, int Start, int End, bool Cjk);

/// <summary>
/// The one tokenizer shared by indexing, query building and snippets, so the three always agree.
/// Text is NFKC-normalized (full-width → half-width), diacritics removed, lowercased and <c>×</c> read
/// as <c>x</c>; every CJK character (Han, kana, hangul) is a token of its own, other letters and digits
/// form words, everything else separates. Tokens keep their position in the original text so snippets
/// can highlight the original, not the normalized copy.
/// </summary>
internal static class OldTextNormalizer
{
    /// <summary>Part of the indexed hash: changing the rules below re-indexes every article on next import.</summary>
    public const string Version = "2";

    /// <summary>
    /// Folds of BMP code points, filled on first use. Keyed by what users type, so it is bounded by
    /// construction (65,536 slots); the rarer supplementary planes are folded without caching.
    /// </summary>
    private static readonly string?[] FoldedBmp = new string?[0x10000];

    /// <summary>How many folds are cached; never more than <see cref="FoldCacheCapacity"/>.</summary>
    internal static int FoldCacheCount => FoldedBmp.Count(f => f is not null);

    internal const int FoldCacheCapacity = 0x10000;

    public static List<OldToken> Tokenize(string? text)
    {
        var tokens = new List<OldToken>();
        if (string.IsNullOrEmpty(text)) { return tokens; }
        var word = new StringBuilder();
        int wordStart = 0, wordEnd = 0;

        void Flush()
        {
            if (word.Length == 0) { return; }
            tokens.Add(new OldToken(word.ToString(), wordStart, wordEnd, false));
            word.Clear();
        }

        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c < 128)
            {
                // Fast path: most of the corpus is ASCII or common Han.
                if (char.IsAsciiLetterOrDigit(c))
                {
                    if (word.Length == 0) { wordStart = i; }
                    word.Append(char.ToLowerInvariant(c));
                    wordEnd = i + 1;
                }
                else { Flush(); }
                i++;
                continue;
            }
            if (!Rune.TryGetRuneAt(text, i, out var rune))
            {
                // A lone surrogate is not text: treat it as a separator.
                Flush();
                i++;
                continue;
            }
            var length = rune.Utf16SequenceLength;
            if (IsNoncharacter(rune.Value))
            {
                // Noncharacters (U+FFFE, U+FDD0 …) are not text either, and string.Normalize throws on them.
                Flush();
                i += length;
                continue;
            }
            if (rune.Value is >= 0x4E00 and <= 0x9FFF)
            {
                // Common Han: NFKC leaves it alone, so skip the fold.
                Flush();
                tokens.Add(new OldToken(rune.ToString(), i, i + length, true));
                i += length;
                continue;
            }
            var folded = Fold(rune);
            if (folded.Length == 0)
            {
                // A combining mark folded away: it belongs to the word it follows.
                if (word.Length > 0) { wordEnd = i + length; }
                i += length;
                continue;
            }
            foreach (var r in folded.EnumerateRunes())
            {
                if (IsCjk(r.Value))
                {
                    Flush();
                    tokens.Add(new OldToken(r.ToString(), i, i + length, true));
                }
                else if (Rune.IsLetterOrDigit(r))
                {
                    if (word.Length == 0) { wordStart = i; }
                    word.Append(r.ToString());
                    wordEnd = i + length;
                }
                else { Flush(); }
            }
            i += length;
        }
        Flush();
        return tokens;
    }

    /// <summary>The text stored in the FTS5 table: tokens separated by spaces, which unicode61 splits on.</summary>
    public static string Words(IEnumerable<OldToken> tokens) => string.Join(' ', tokens.Select(t => t.Text));

    /// <summary>
    /// Ends one bigram run in the <c>*_bi</c> columns. unicode61 keeps a private-use character as a token,
    /// while <see cref="Tokenize"/> treats it as a separator, so no query can ever contain this token; it
    /// stops the last bigram of one run and the first of the next (甲乙 … 乙丙) from reading as a phrase.
    /// </summary>
    public const string RunBreak = "\uE000";

    /// <summary>
    /// The text of the bigram columns: for every run of <see cref="Bigrams"/>-able tokens that are adjacent in
    /// the token stream (no word between them; punctuation and spaces do not count, exactly as for the
    /// single-character phrase), its overlapping pairs: 批归一化 → "批归 归一 一化". Runs are separated by
    /// <see cref="RunBreak"/>; single CJK characters and other words are not repeated here.
    /// </summary>
    public static string BigramText(IReadOnlyList<OldToken> tokens)
    {
        var sb = new StringBuilder();
        var runOpen = false;
        for (var i = 1; i < tokens.Count; i++)
        {
            if (!Bigrams(tokens[i - 1]) || !Bigrams(tokens[i]))
            {
                runOpen = false;
                continue;
            }
            if (sb.Length > 0) { sb.Append(' '); }
            if (!runOpen && sb.Length > 0) { sb.Append(RunBreak).Append(' '); }
            sb.Append(tokens[i - 1].Text).Append(tokens[i].Text);
            runOpen = true;
        }
        return sb.ToString();
    }

    /// <summary>
    /// A CJK token that unicode61 also sees as a letter (Han, kana, hangul; not radicals, which it drops):
    /// only such tokens pair into bigrams, in the index and in the query alike.
    /// </summary>
    public static bool Bigrams(OldToken token) => token.Cjk && Bigrams(token.Text);

    public static bool Bigrams(string token) =>
        Rune.TryGetRuneAt(token, 0, out var r) && IsCjk(r.Value) && Rune.IsLetter(r) && r.Utf16SequenceLength == token.Length;

    /// <summary>U+FDD0–U+FDEF and the last two code points of every plane: permanently reserved, never text.</summary>
    public static bool IsNoncharacter(int cp) => cp is >= 0xFDD0 and <= 0xFDEF || (cp & 0xFFFE) == 0xFFFE;

    /// <summary>NFKC, then (outside CJK) diacritics removed and lowercase; BMP results cached.</summary>
    private static string Fold(Rune rune)
    {
        if (rune.Value >= FoldedBmp.Length) { return FoldUncached(rune.Value); }
        // A race only computes the same string twice; reference writes are atomic.
        return FoldedBmp[rune.Value] ??= FoldUncached(rune.Value);
    }

    private static string FoldUncached(int value)
    {
        var nfkc = new Rune(value).ToString().Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder();
        foreach (var r in nfkc.EnumerateRunes())
        {
            if (r.Value == '×' || r.Value == '✕' || r.Value == '✖') { sb.Append('x'); continue; }
            if (IsCjk(r.Value)) { sb.Append(r.ToString()); continue; }
            foreach (var d in r.ToString().Normalize(NormalizationForm.FormD).EnumerateRunes())
            {
                var category = Rune.GetUnicodeCategory(d);
                if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
                {
                    continue;
                }
                sb.Append(Rune.ToLowerInvariant(d).ToString());
            }
        }
        return sb.ToString();
    }

    public static bool IsCjk(int cp) => cp switch
    {
        >= 0x4E00 and <= 0x9FFF => true,   // CJK unified ideographs
        >= 0x3400 and <= 0x4DBF => true,   // extension A
        >= 0x20000 and <= 0x323AF => true, // extensions B–H
        >= 0xF900 and <= 0xFAFF => true,   // compatibility ideographs
        >= 0x2E80 and <= 0x2FDF => true,   // radicals
        0x3005 or 0x3006 or 0x3007 => true,
        >= 0x3040 and <= 0x30FF => true,   // hiragana, katakana
        >= 0x31F0 and <= 0x31FF => true,
        >= 0xAC00 and <= 0xD7AF => true,   // hangul syllables
        >= 0x1100 and <= 0x11FF => true,   // hangul jamo
        >= 0x3130 and <= 0x318F => true,
        _ => false,
    };
}
