using System.Buffers;
using System.Globalization;
using System.Text;

namespace KnowledgeBase.Search;

/// <summary>A normalized token and the span [Start, End) of the original text it came from.</summary>
public readonly record struct Token(string Text, int Start, int End, bool Cjk);

/// <summary>
/// The one tokenizer shared by indexing, query building and snippets, so the three always agree.
/// Text is NFKC-normalized (full-width → half-width), diacritics removed, lowercased and <c>×</c> read
/// as <c>x</c>; every CJK character (Han, kana, hangul) is a token of its own, other letters and digits
/// form words, everything else separates. Tokens keep their position in the original text so snippets
/// can highlight the original, not the normalized copy.
/// </summary>
public static class TextNormalizer
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

    /// <summary>Common Han characters as one-character strings, made on first use: a token per character must not cost a string each.</summary>
    private static readonly string?[] HanStrings = new string?[CommonHanLast - CommonHanFirst + 1];

    private const char CommonHanFirst = '\u4E00';
    private const char CommonHanLast = '\u9FFF';

    public static List<Token> Tokenize(string? text)
    {
        if (string.IsNullOrEmpty(text)) { return []; }
        // The wiki's text makes about one token per two characters: sized once instead of grown.
        var tokens = new List<Token>(text.Length / 2 + 4);
        TokenizeFrom(text, 0, text.Length, tokens);
        return tokens;
    }

    /// <summary>
    /// Whether no word can be open just before <paramref name="at"/>, whatever precedes it: at the start, or after an
    /// ASCII character that is not a letter or digit, or after a common Han character (both always end a token).
    /// <see cref="TokenizeFrom"/> may start there and make exactly the tokens <see cref="Tokenize"/> makes there.
    /// </summary>
    internal static bool IsBoundary(string text, int at) =>
        at == 0 || (text[at - 1] < 128 && !char.IsAsciiLetterOrDigit(text[at - 1])) || text[at - 1] is >= CommonHanFirst and <= CommonHanLast;

    /// <summary>
    /// Appends the tokens of <paramref name="text"/> from <paramref name="from"/>, where no word may be open (a position
    /// <see cref="IsBoundary"/> accepts, or one this method returned), up to the first position at or after <paramref name="until"/>
    /// where no word is open, and returns that position: tokenizing on from there gives the same tokens as one pass over the
    /// whole text. Snippets tokenize only around candidate matches this way.
    /// </summary>
    internal static int TokenizeFrom(string text, int from, int until, List<Token> tokens)
    {
        // The word being read, lowercased and folded, in a pooled buffer grown as needed.
        var word = ArrayPool<char>.Shared.Rent(64);
        int length = 0, wordStart = 0, wordEnd = 0;

        void Append(char c)
        {
            if (length == word.Length)
            {
                var bigger = ArrayPool<char>.Shared.Rent(word.Length * 2);
                word.AsSpan(0, length).CopyTo(bigger);
                ArrayPool<char>.Shared.Return(word);
                word = bigger;
            }
            word[length++] = c;
        }

        void Flush()
        {
            if (length == 0) { return; }
            tokens.Add(new Token(new string(word, 0, length), wordStart, wordEnd, false));
            length = 0;
        }

        var i = from;
        while (i < text.Length && (i < until || length > 0))
        {
            var c = text[i];
            if (c < 128)
            {
                // Fast path: most of the corpus is ASCII or common Han.
                if (char.IsAsciiLetterOrDigit(c))
                {
                    if (length == 0) { wordStart = i; }
                    Append(char.ToLowerInvariant(c));
                    wordEnd = i + 1;
                }
                else { Flush(); }
                i++;
                continue;
            }
            if (c is >= CommonHanFirst and <= CommonHanLast)
            {
                // Common Han: NFKC leaves it alone, so skip the fold.
                Flush();
                tokens.Add(new Token(HanStrings[c - CommonHanFirst] ??= c.ToString(), i, i + 1, true));
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
            var runeLength = rune.Utf16SequenceLength;
            if (IsNoncharacter(rune.Value))
            {
                // Noncharacters (U+FFFE, U+FDD0 …) are not text either, and string.Normalize throws on them.
                Flush();
                i += runeLength;
                continue;
            }
            var folded = Fold(rune);
            if (folded.Length == 0)
            {
                // A combining mark folded away: it belongs to the word it follows.
                if (length > 0) { wordEnd = i + runeLength; }
                i += runeLength;
                continue;
            }
            foreach (var r in folded.EnumerateRunes())
            {
                if (IsCjk(r.Value))
                {
                    Flush();
                    tokens.Add(new Token(r.ToString(), i, i + runeLength, true));
                }
                else if (Rune.IsLetterOrDigit(r))
                {
                    if (length == 0) { wordStart = i; }
                    if (r.IsBmp) { Append((char)r.Value); }
                    else
                    {
                        var pair = r.ToString();
                        Append(pair[0]);
                        Append(pair[1]);
                    }
                    wordEnd = i + runeLength;
                }
                else { Flush(); }
            }
            i += runeLength;
        }
        Flush();
        ArrayPool<char>.Shared.Return(word);
        return i;
    }

    /// <summary>The text stored in the FTS5 table: tokens separated by spaces, which unicode61 splits on.</summary>
    public static string Words(IReadOnlyList<Token> tokens)
    {
        if (tokens.Count == 0) { return ""; }
        var length = tokens.Count - 1;
        for (var i = 0; i < tokens.Count; i++) { length += tokens[i].Text.Length; }
        return string.Create(length, tokens, static (span, tokens) =>
        {
            var at = 0;
            for (var i = 0; i < tokens.Count; i++)
            {
                if (i > 0) { span[at++] = ' '; }
                tokens[i].Text.CopyTo(span[at..]);
                at += tokens[i].Text.Length;
            }
        });
    }

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
    public static string BigramText(IReadOnlyList<Token> tokens)
    {
        var sb = new StringBuilder();
        var runOpen = false;
        // Each token is checked once, not as the second of one pair and again as the first of the next.
        var previous = tokens.Count > 0 && Bigrams(tokens[0]);
        for (var i = 1; i < tokens.Count; i++)
        {
            var current = Bigrams(tokens[i]);
            if (!previous || !current)
            {
                previous = current;
                runOpen = false;
                continue;
            }
            previous = current;
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
    public static bool Bigrams(Token token) => token.Cjk && Bigrams(token.Text);

    public static bool Bigrams(string token) =>
        Rune.TryGetRuneAt(token, 0, out var r) && IsCjk(r.Value) && Rune.IsLetter(r) && r.Utf16SequenceLength == token.Length;

    /// <summary>U+FDD0–U+FDEF and the last two code points of every plane: permanently reserved, never text.</summary>
    public static bool IsNoncharacter(int cp) => cp is >= 0xFDD0 and <= 0xFDEF || (cp & 0xFFFE) == 0xFFFE;

    /// <summary>The fold of one BMP character, as <see cref="Tokenize"/> reads it; empty for surrogates and noncharacters.</summary>
    internal static string Fold(char c) => char.IsSurrogate(c) || IsNoncharacter(c) ? "" : Fold(new Rune(c));

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
