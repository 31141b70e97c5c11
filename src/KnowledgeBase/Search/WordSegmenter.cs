using System.Security.Cryptography;
using System.Text;
using JiebaNet.Segmenter;

namespace KnowledgeBase.Search;

/// <summary>
/// Chinese word segmentation for the word index (<c>search_words</c>) and for queries, with jieba.NET.
/// jieba keeps its dictionary in one process-wide static object, so this wrapper is static too: the main
/// dictionary (shipped in the package, copied to <c>jieba/</c> next to the app) is read once, and the wiki's
/// own terms (titles, tags, keywords, synonyms) are added at import time so that 感受野 or 深度可分离卷积 stay
/// one word. jieba's dictionary is a plain Dictionary: cuts read it under a read lock, additions take the
/// write lock. No request reads a file: <see cref="Warm"/> runs at start-up.
/// </summary>
public static class WordSegmenter
{
    /// <summary>Folder (next to the app) with jieba's dict.txt and HMM tables; see KnowledgeBase.csproj.</summary>
    public const string ResourceFolder = "jieba";

    /// <summary>Longest term added to the dictionary: longer "terms" are sentences, which would glue whole phrases into one word.</summary>
    public const int MaxTermLength = 8;

    private static readonly ReaderWriterLockSlim Gate = new(LockRecursionPolicy.NoRecursion);
    private static readonly HashSet<string> Added = new(StringComparer.Ordinal);
    private static string _stamp = "0";

    private static readonly Lazy<JiebaSegmenter> Jieba = new(() =>
    {
        ConfigManager.ConfigFileBaseDir = Path.Combine(AppContext.BaseDirectory, ResourceFolder);
        var segmenter = new JiebaSegmenter();
        // The dictionary itself loads lazily on first use: force it here, at start-up, not in a request.
        segmenter.Cut("预热", hmm: false);
        return segmenter;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads jieba's dictionary now (a second or two); every later call is in memory.</summary>
    public static void Warm() => _ = Entries.Value;

    /// <summary>
    /// Changes whenever the set of added terms changes, and only then: part of each word-index row's stamp, so
    /// rows cut with an older dictionary are cut again. All terms ever added count (jieba cannot forget a word),
    /// which after a restart is the current set: a removed term then re-indexes once, as it should.
    /// </summary>
    public static string Stamp
    {
        get
        {
            Gate.EnterReadLock();
            try { return _stamp; }
            finally { Gate.ExitReadLock(); }
        }
    }

    /// <summary>
    /// Adds domain terms: each run of two to <see cref="MaxTermLength"/> CJK characters in a term (so the
    /// Chinese part of a mixed term like "BP算法"), minus runs that contain a question word or particle.
    /// </summary>
    public static void AddTerms(IEnumerable<string> terms)
    {
        var runs = terms.SelectMany(CjkRuns)
            .Where(r => r.Length is >= 2 and <= MaxTermLength && !Stopwords.ContainsFunctionWord(r))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var jieba = Jieba.Value;
        Gate.EnterWriteLock();
        try
        {
            var changed = false;
            foreach (var run in runs.Where(Added.Add))
            {
                jieba.AddWord(run);
                changed = true;
            }
            if (changed)
            {
                var all = string.Join('\n', Added.Order(StringComparer.Ordinal));
                _stamp = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all)))[..16];
                // A new word's first character becomes a prefix: read the single characters from the dictionary again.
                _singles = null;
            }
        }
        finally { Gate.ExitWriteLock(); }
    }

    /// <summary>Accurate-mode cut of one run of Han characters, without the HMM (which would invent words differently in the index and the query).</summary>
    public static List<string> Cut(string run)
    {
        var words = new List<string>();
        var cutter = new RunCutter();
        Gate.EnterReadLock();
        try
        {
            var at = 0;
            foreach (var (length, word) in cutter.Cut(run))
            {
                words.Add(word ?? run.Substring(at, length));
                at += length;
            }
        }
        finally { Gate.ExitReadLock(); }
        return words;
    }

    /// <summary>
    /// jieba's dictionary: every word with its frequency, and every prefix of a word with frequency 0. jieba.NET looks words up by
    /// string only, so a cut costs a substring per lookup; this reads the same table by span. The field is internal to the pinned
    /// jieba.NET version: <see cref="Warm"/> fails at start-up if it ever changes (bench/Tokenize --verify checks the cut is jieba's).
    /// </summary>
    private static readonly Lazy<Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>> Entries = new(() =>
    {
        _ = Jieba.Value;
        var trie = typeof(WordDictionary).GetField("Trie", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            ?.GetValue(WordDictionary.Instance) as Dictionary<string, int>
            ?? throw new InvalidOperationException("jieba.NET's WordDictionary no longer keeps its words in a Dictionary<string, int> Trie: see WordSegmenter.Entries");
        return trie.GetAlternateLookup<ReadOnlySpan<char>>();
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private const char FirstHan = '\u4E00';
    private const char LastHan = '\u9FD5';

    /// <summary>
    /// The dictionary's entry for every Han character <see cref="IsHan"/> accepts (word null: none), read from <see cref="Entries"/>:
    /// a cut looks up every character of a run on its own first, which by span means hashing it and comparing strings. Made on
    /// first use after each change of the dictionary (<see cref="AddTerms"/> drops it under the write lock); two readers may both
    /// make it, alike.
    /// </summary>
    private static (string? Word, int Frequency)[]? _singles;

    private static (string? Word, int Frequency)[] Singles()
    {
        var singles = Volatile.Read(ref _singles);
        if (singles is not null) { return singles; }
        var entries = Entries.Value;
        singles = new (string?, int)[LastHan - FirstHan + 1];
        Span<char> c = stackalloc char[1];
        for (var x = 0; x < singles.Length; x++)
        {
            c[0] = (char)(FirstHan + x);
            if (entries.TryGetValue(c, out var word, out var frequency)) { singles[x] = (word, frequency); }
        }
        Volatile.Write(ref _singles, singles);
        return singles;
    }

    /// <summary>
    /// jieba's accurate mode without the HMM on a run of Han characters (JiebaSegmenter.Cut(run, cutAll: false, hmm: false)),
    /// with lookups by span and buffers reused from run to run: every word the run can start with at each character, then the
    /// most probable route from the end (sum of log frequencies, ties to the shorter word), exactly as jieba computes it.
    /// Callers hold <see cref="Gate"/>'s read lock.
    /// </summary>
    private sealed class RunCutter
    {
        private double[] _best = new double[64];
        private int[] _end = new int[64];
        private string?[] _word = new string?[64];
        private readonly List<(int Length, string? Word)> _pieces = [];

        /// <summary>The words of the run, in order: their length and the dictionary's string (null for a single character not in it).</summary>
        public List<(int Length, string? Word)> Cut(ReadOnlySpan<char> run)
        {
            var n = run.Length;
            if (_best.Length <= n)
            {
                _best = new double[n * 2 + 1];
                _end = new int[n * 2 + 1];
                _word = new string?[n * 2 + 1];
            }
            var entries = Entries.Value;
            var singles = Singles();
            var logTotal = Math.Log(WordDictionary.Instance.Total);
            _best[n] = 0.0;
            for (var k = n - 1; k >= 0; k--)
            {
                double best = double.MinValue;
                int end = -1;
                string? word = null;
                for (var i = k; i < n; i++)
                {
                    string? key;
                    int frequency;
                    if (i == k && (uint)(run[k] - FirstHan) < (uint)singles.Length)
                    {
                        (key, frequency) = singles[run[k] - FirstHan];
                        if (key is null) { break; }
                    }
                    else if (!entries.TryGetValue(run[k..(i + 1)], out key, out frequency)) { break; }
                    if (frequency <= 0) { continue; } // only the prefix of a longer word
                    var p = Math.Log(frequency) - logTotal + _best[i + 1];
                    if (best < p) { (best, end, word) = (p, i, key); }
                }
                if (end < 0)
                {
                    // No word starts here: the character alone, at jieba's default frequency 1 (log 1 = 0).
                    (best, end, word) = (0.0 - logTotal + _best[k + 1], k, null);
                }
                (_best[k], _end[k], _word[k]) = (best, end, word);
            }
            _pieces.Clear();
            for (var x = 0; x < n; x = _end[x] + 1) { _pieces.Add((_end[x] + 1 - x, _word[x])); }
            return _pieces;
        }

        /// <summary>
        /// The dictionary words of two and three characters inside a longer word (jieba's search mode), for the index
        /// only: a query for 卷积 then still finds an article that says 深度可分离卷积.
        /// </summary>
        public static void InnerWords(ReadOnlySpan<char> word, List<(string Word, int At)> found)
        {
            found.Clear();
            var entries = Entries.Value;
            for (var n = 2; n <= 3 && n < word.Length; n++)
            {
                for (var i = 0; i + n <= word.Length; i++)
                {
                    if (entries.TryGetValue(word.Slice(i, n), out var gram, out var frequency) && frequency > 0) { found.Add((gram, i)); }
                }
            }
        }
    }

    /// <summary>
    /// The words of a text for the word index and for queries: <see cref="TextNormalizer"/> tokens, with each run
    /// of adjacent common Han characters cut into words by jieba (other CJK characters stay one token each) and
    /// a dimension written with spaces or a star (<c>1 x 1</c>, <c>3*3</c>) joined into the token the normalizer
    /// makes of <c>1x1</c>/<c>1×1</c>. Each word keeps the span of the original text it came from;
    /// <paramref name="forIndex"/> adds, after all whole words, the dictionary words of two and three characters inside longer words.
    /// </summary>
    public static List<Token> Words(string? text, bool forIndex)
    {
        text ??= "";
        return Words(text, TextNormalizer.Tokenize(text), forIndex);
    }

    /// <param name="tokens">
    /// The text's <see cref="TextNormalizer.Tokenize"/> tokens, only read: the import indexes an article's tokens as they
    /// are (<see cref="SearchDocument"/>) and cuts the same list into words, tokenizing its text once.
    /// </param>
    internal static List<Token> Words(string text, List<Token> tokens, bool forIndex)
    {
        var words = new List<Token>(tokens.Count);
        // After all the whole words, so that a phrase of whole words ("bp 算法") stays adjacent.
        var inners = new List<Token>();
        var cutter = new RunCutter();
        var run = new char[64];
        var found = new List<(string Word, int At)>();
        Gate.EnterReadLock();
        try
        {
            var i = 0;
            while (i < tokens.Count)
            {
                if (!IsHan(tokens[i]))
                {
                    // A dimension is made of digits and x, never of Han characters: joining it here leaves the runs below as
                    // they would be in a list joined first.
                    words.Add(NextWord(text, tokens, ref i));
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
                var length = i - start + 1;
                if (run.Length < length) { run = new char[length * 2]; }
                for (var k = 0; k < length; k++) { run[k] = tokens[start + k].Text[0]; }
                i++;
                var at = 0;
                foreach (var (wordLength, dictionaryWord) in cutter.Cut(run.AsSpan(0, length)))
                {
                    var first = tokens[start + at];
                    var last = tokens[start + at + wordLength - 1];
                    words.Add(new Token(dictionaryWord ?? first.Text, first.Start, last.End, true));
                    if (forIndex && wordLength > 2)
                    {
                        RunCutter.InnerWords(run.AsSpan(at, wordLength), found);
                        foreach (var (inner, innerAt) in found)
                        {
                            inners.Add(new Token(inner, tokens[start + at + innerAt].Start, tokens[start + at + innerAt + inner.Length - 1].End, true));
                        }
                    }
                    at += wordLength;
                }
            }
        }
        finally { Gate.ExitReadLock(); }
        words.AddRange(inners);
        return words;
    }

    /// <summary>How many Han characters follow each other without a gap from <paramref name="at"/> on.</summary>
    private static int ChunkLength(List<Token> tokens, int at)
    {
        var n = 1;
        while (at + n < tokens.Count && IsHan(tokens[at + n]) && tokens[at + n].Start == tokens[at + n - 1].End) { n++; }
        return n;
    }

    /// <summary>Han characters that jieba segments: one UTF-16 unit each, the range its own regex accepts.</summary>
    private static bool IsHan(Token token) => token.Cjk && token.Text.Length == 1 && token.Text[0] is >= FirstHan and <= LastHan;

    /// <summary>
    /// The word at token <paramref name="i"/>, moving <paramref name="i"/> past it: <c>1 x 1</c>, <c>1*1</c>, <c>3 × 3</c>
    /// make one token <c>1x1</c>, as <c>1x1</c> itself is tokenized; any other token is the word itself.
    /// </summary>
    private static Token NextWord(string text, List<Token> tokens, ref int i)
    {
        var t = tokens[i];
        if (IsNumber(t.Text) && i + 2 < tokens.Count && tokens[i + 1].Text == "x" && IsNumber(tokens[i + 2].Text)
            && Gap(text, t, tokens[i + 1]) && Gap(text, tokens[i + 1], tokens[i + 2]))
        {
            var last = tokens[i + 2];
            i += 3;
            return new Token(t.Text + "x" + last.Text, t.Start, last.End, false);
        }
        if (IsNumber(t.Text) && i + 1 < tokens.Count && IsNumber(tokens[i + 1].Text) && Star(text, t, tokens[i + 1]))
        {
            var last = tokens[i + 1];
            i += 2;
            return new Token(t.Text + "x" + last.Text, t.Start, last.End, false);
        }
        i++;
        return t;
    }

    private static bool IsNumber(string s) => s.Length is > 0 and <= 4 && !s.AsSpan().ContainsAnyExceptInRange('0', '9');

    /// <summary>
    /// At most three spaces between two tokens. Tokens folded from one character (½ → 1 and 2, ㍻ → 平 and 成) overlap:
    /// no gap, nor a star, between them.
    /// </summary>
    private static bool Gap(string text, Token a, Token b) => b.Start >= a.End && b.Start - a.End <= 3 && text.AsSpan(a.End, b.Start - a.End).IsWhiteSpace();

    private static bool Star(string text, Token a, Token b)
    {
        if (b.Start < a.End || b.Start - a.End > 3) { return false; }
        var gap = text.AsSpan(a.End, b.Start - a.End).Trim();
        return gap.Length == 1 && gap[0] is '*' or '＊' or '✱';
    }

    /// <summary>Runs of adjacent CJK characters of a text, after normalization (full-width, compatibility forms).</summary>
    internal static IEnumerable<string> CjkRuns(string? text)
    {
        var sb = new StringBuilder();
        var end = -1;
        foreach (var token in TextNormalizer.Tokenize(text))
        {
            if (token.Cjk && (sb.Length == 0 || token.Start == end))
            {
                sb.Append(token.Text);
                end = token.End;
                continue;
            }
            if (sb.Length > 0) { yield return sb.ToString(); sb.Clear(); }
            if (token.Cjk) { sb.Append(token.Text); end = token.End; }
        }
        if (sb.Length > 0) { yield return sb.ToString(); }
    }
}
