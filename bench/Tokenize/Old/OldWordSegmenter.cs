// The implementation before the speed-up, copied verbatim (renamed): the baseline of the benchmarks and the oracle of --verify.
using System.Text;
using JiebaNet.Segmenter;

namespace Tokenize.Bench.Old;
using KnowledgeBase.Search;

/// <summary>
/// Chinese word segmentation for the word index (<c>search_words</c>) and for queries, with jieba.NET.
/// jieba keeps its dictionary in one process-wide static object, so this wrapper is static too: the main
/// dictionary (shipped in the package, copied to <c>jieba/</c> next to the app) is read once, and the wiki's
/// own terms (titles, tags, keywords, synonyms) are added at import time so that 感受野 or 深度可分离卷积 stay
/// one word. jieba's dictionary is a plain Dictionary: cuts read it under a read lock, additions take the
/// write lock. No request reads a file: <see cref="Warm"/> runs at start-up.
/// </summary>
internal static class OldWordSegmenter
{
    /// <summary>Folder (next to the app) with jieba's dict.txt and HMM tables; see KnowledgeBase.csproj.</summary>
    public const string ResourceFolder = "jieba";

    /// <summary>Longest term added to the dictionary: longer "terms" are sentences, which would glue whole phrases into one word.</summary>
    public const int MaxTermLength = 8;

    private static readonly ReaderWriterLockSlim Gate = new(LockRecursionPolicy.NoRecursion);

    private static readonly Lazy<JiebaSegmenter> Jieba = new(() =>
    {
        ConfigManager.ConfigFileBaseDir = Path.Combine(AppContext.BaseDirectory, ResourceFolder);
        var segmenter = new JiebaSegmenter();
        // The dictionary itself loads lazily on first use: force it here, at start-up, not in a request.
        segmenter.Cut("预热", hmm: false);
        return segmenter;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads jieba's dictionary now (a second or two); every later call is in memory.</summary>
    public static void Warm() => _ = Jieba.Value;

    /// <summary>Accurate-mode cut of one run of Han characters, without the HMM (which would invent words differently in the index and the query).</summary>
    public static List<string> Cut(string run)
    {
        var jieba = Jieba.Value;
        Gate.EnterReadLock();
        try { return jieba.Cut(run, cutAll: false, hmm: false).ToList(); }
        finally { Gate.ExitReadLock(); }
    }

    /// <summary>
    /// The dictionary words of two and three characters inside a longer word (jieba's search mode), for the index
    /// only: a query for 卷积 then still finds an article that says 深度可分离卷积.
    /// </summary>
    private static IEnumerable<(string Word, int At)> InnerWords(string word)
    {
        if (word.Length <= 2) { return []; }
        var dictionary = WordDictionary.Instance;
        var inner = new List<(string, int)>();
        Gate.EnterReadLock();
        try
        {
            for (var n = 2; n <= 3 && n < word.Length; n++)
            {
                for (var i = 0; i + n <= word.Length; i++)
                {
                    var gram = word.Substring(i, n);
                    if (dictionary.ContainsWord(gram)) { inner.Add((gram, i)); }
                }
            }
        }
        finally { Gate.ExitReadLock(); }
        return inner;
    }

    /// <summary>
    /// The words of a text for the word index and for queries: <see cref="TextNormalizer"/> tokens, with each run
    /// of adjacent common Han characters cut into words by jieba (other CJK characters stay one token each) and
    /// a dimension written with spaces or a star (<c>1 x 1</c>, <c>3*3</c>) joined into the token the normalizer
    /// makes of <c>1x1</c>/<c>1×1</c>. Each word keeps the span of the original text it came from;
    /// <paramref name="forIndex"/> adds, after all whole words, the dictionary words of two and three characters inside longer words.
    /// </summary>
    public static List<OldToken> Words(string? text, bool forIndex)
    {
        text ??= "";
        var tokens = JoinDimensions(text, OldTextNormalizer.Tokenize(text));
        var words = new List<OldToken>(tokens.Count);
        // After all the whole words, so that a phrase of whole words ("bp 算法") stays adjacent.
        var inners = new List<OldToken>();
        var i = 0;
        while (i < tokens.Count)
        {
            if (!IsHan(tokens[i]))
            {
                words.Add(tokens[i++]);
                continue;
            }
            var start = i;
            // Whitespace next to a lone character does not end a run: "过 拟合", "全 连接 层" are typing slips, while
            // "均值 方差" stays two words even if 均值方差 is in the dictionary.
            var chunk = 1;
            while (i + 1 < tokens.Count && IsHan(tokens[i + 1]))
            {
                if (tokens[i + 1].Start == tokens[i].End) { chunk++; i++; continue; }
                if (!Gap(text, tokens[i], tokens[i + 1]) || (chunk > 1 && ChunkLength(tokens, i + 1) > 1)) { break; }
                chunk = 1;
                i++;
            }
            var run = string.Concat(tokens.Skip(start).Take(i - start + 1).Select(t => t.Text));
            i++;
            var at = 0;
            foreach (var word in Cut(run))
            {
                if (at + word.Length > run.Length) { break; } // jieba returns the run cut into pieces; never trust that blindly
                var first = tokens[start + at];
                var last = tokens[start + at + word.Length - 1];
                words.Add(new OldToken(word, first.Start, last.End, true));
                if (forIndex)
                {
                    foreach (var (inner, innerAt) in InnerWords(word))
                    {
                        inners.Add(new OldToken(inner, tokens[start + at + innerAt].Start, tokens[start + at + innerAt + inner.Length - 1].End, true));
                    }
                }
                at += word.Length;
            }
        }
        words.AddRange(inners);
        return words;
    }

    /// <summary>How many Han characters follow each other without a gap from <paramref name="at"/> on.</summary>
    private static int ChunkLength(List<OldToken> tokens, int at)
    {
        var n = 1;
        while (at + n < tokens.Count && IsHan(tokens[at + n]) && tokens[at + n].Start == tokens[at + n - 1].End) { n++; }
        return n;
    }

    /// <summary>Han characters that jieba segments: one UTF-16 unit each, the range its own regex accepts.</summary>
    private static bool IsHan(OldToken token) => token.Cjk && token.Text.Length == 1 && token.Text[0] is >= '\u4E00' and <= '\u9FD5';

    /// <summary><c>1 x 1</c>, <c>1*1</c>, <c>3 × 3</c> → one token <c>1x1</c>, as <c>1x1</c> itself is tokenized.</summary>
    private static List<OldToken> JoinDimensions(string text, List<OldToken> tokens)
    {
        var result = new List<OldToken>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (IsNumber(t.Text) && i + 2 < tokens.Count && tokens[i + 1].Text == "x" && IsNumber(tokens[i + 2].Text)
                && Gap(text, t, tokens[i + 1]) && Gap(text, tokens[i + 1], tokens[i + 2]))
            {
                result.Add(new OldToken(t.Text + "x" + tokens[i + 2].Text, t.Start, tokens[i + 2].End, false));
                i += 2;
            }
            else if (IsNumber(t.Text) && i + 1 < tokens.Count && IsNumber(tokens[i + 1].Text) && Star(text, t, tokens[i + 1]))
            {
                result.Add(new OldToken(t.Text + "x" + tokens[i + 1].Text, t.Start, tokens[i + 1].End, false));
                i++;
            }
            else { result.Add(t); }
        }
        return result;
    }

    private static bool IsNumber(string s) => s.Length is > 0 and <= 4 && s.All(char.IsAsciiDigit);

    private static bool Gap(string text, OldToken a, OldToken b) => b.Start - a.End <= 3 && text.AsSpan(a.End, b.Start - a.End).IsWhiteSpace();

    private static bool Star(string text, OldToken a, OldToken b)
    {
        var gap = text.AsSpan(a.End, b.Start - a.End).Trim();
        return b.Start - a.End <= 3 && gap.Length == 1 && gap[0] is '*' or '＊' or '✱';
    }
}
