using System.Text;
using KnowledgeBase.Search;
using Tokenize.Bench.Old;

namespace Tokenize.Bench;

/// <summary>
/// `--verify`: the old and the new implementation must give identical output — tokens (text, span, CJK flag), words
/// (query and index mode), snippets — on every article, title and question of the real content, on every question
/// against every article, and on random text made of the characters that take the tokenizer's unusual paths.
/// </summary>
internal static class Verify
{
    private static int _checks;
    private static int _failures;
    private static int _oldThrew;
    private static int _analyzeThrew;

    public static int Run(int fuzzCases)
    {
        var corpus = Corpus.Load();
        var texts = corpus.Articles.SelectMany(a => new[] { a.PlainText, a.Title }).Concat(corpus.Questions).ToList();
        foreach (var text in texts) { CompareTokens(text); }
        Console.WriteLine($"tokens and words: {texts.Count} texts");
        foreach (var (meta, plainText) in corpus.Documents)
        {
            CompareDocuments(meta.Title!, meta.TitleEn, meta.Keywords, meta.Tags, plainText, corpus.Synonyms);
            CompareDocuments(meta.Title!, meta.TitleEn, meta.Keywords, meta.Tags, plainText, SynonymSet.Empty);
        }
        Console.WriteLine($"index documents: {corpus.Documents.Count} articles, with and without the synonyms");

        var masks = new ulong[] { ulong.MaxValue, 0b1, 0b10, 0b101, 0 };
        foreach (var (query, _) in corpus.Queries)
        {
            foreach (var article in corpus.Articles)
            {
                foreach (var mask in masks) { CompareSnippet(article.PlainText, query, mask, Snippets.Width); }
            }
        }
        Console.WriteLine($"snippets: {corpus.Queries.Count} questions x {corpus.Articles.Count} articles x {masks.Length} masks");

        var random = new Random(7);
        var synonyms = SynonymSet.Empty;
        for (var n = 0; n < fuzzCases; n++)
        {
            var text = RandomText(random, random.Next(0, 400));
            // ½ folds to two numbers on one character, on which the old Words threw: half the texts without it, so that they compare.
            if (n % 2 == 0) { text = text.Replace("½", "", StringComparison.Ordinal); }
            CompareTokens(text);
            // The text as an article's body and title, with the front matter of a real article.
            var (meta, _) = corpus.Documents[random.Next(corpus.Documents.Count)];
            CompareDocuments(text[..Math.Min(text.Length, 30)], meta.TitleEn, meta.Keywords, meta.Tags, text, corpus.Synonyms);
            // Queries made of pieces of the text itself, so that they do match, plus one of random text.
            for (var q = 0; q < 3; q++)
            {
                var from = text.Length == 0 ? 0 : random.Next(text.Length);
                var piece = q == 2 ? RandomText(random, random.Next(1, 12)) : text.Substring(from, Math.Min(text.Length - from, random.Next(1, 12)));
                SearchQuery query;
                try { query = QueryAnalyzer.Analyze(piece, synonyms); }
                catch (ArgumentOutOfRangeException) { _analyzeThrew++; continue; }
                CompareSnippet(text, query, ulong.MaxValue, random.Next(2) == 0 ? Snippets.Width : random.Next(1, 60));
            }
        }
        Console.WriteLine($"fuzz: {fuzzCases} random texts");
        Console.WriteLine($"{_checks} checks, {_failures} differences; the old Words threw on {_oldThrew} texts, the analyzer on {_analyzeThrew} queries");
        return _failures == 0 ? 0 : 1;
    }

    private static void CompareTokens(string text)
    {
        var old = OldTextNormalizer.Tokenize(text).Select(t => (t.Text, t.Start, t.End, t.Cjk)).ToList();
        var now = TextNormalizer.Tokenize(text).Select(t => (t.Text, t.Start, t.End, t.Cjk)).ToList();
        Check(old.SequenceEqual(now), "Tokenize", text);
        foreach (var forIndex in new[] { false, true })
        {
            var newWords = WordSegmenter.Words(text, forIndex).Select(t => (t.Text, t.Start, t.End, t.Cjk)).ToList();
            List<(string, int, int, bool)> oldWords;
            try { oldWords = OldWordSegmenter.Words(text, forIndex).Select(t => (t.Text, t.Start, t.End, t.Cjk)).ToList(); }
            catch (ArgumentOutOfRangeException)
            {
                // The old code threw on a fold that makes two tokens of one character (½ → 1, 2): nothing to compare.
                _oldThrew++;
                continue;
            }
            Check(oldWords.SequenceEqual(newWords), $"Words(forIndex: {forIndex})", text);
        }
    }

    /// <summary>The import's path (the body tokenized once for both documents) and the public one, against the old documents.</summary>
    private static void CompareDocuments(string title, string? titleEn, List<string> keywords, List<string> tags, string plainText, SynonymSet synonyms)
    {
        SearchDocument oldSearch;
        WordDocument oldWords;
        try
        {
            oldSearch = OldDocuments.Search(title, titleEn, keywords, tags, plainText);
            oldWords = OldDocuments.Words(title, titleEn, keywords, tags, plainText, "hash", synonyms);
        }
        catch (ArgumentOutOfRangeException)
        {
            _oldThrew++;
            return;
        }
        var body = TextNormalizer.Tokenize(plainText);
        Check(SearchDocument.Create(title, titleEn, keywords, tags, body) == oldSearch, "SearchDocument (shared tokens)", plainText);
        Check(WordDocument.Create(title, titleEn, keywords, tags, plainText, body, "hash", synonyms) == oldWords, "WordDocument (shared tokens)", plainText);
        Check(SearchDocument.Create(title, titleEn, keywords, tags, plainText) == oldSearch, "SearchDocument", plainText);
        Check(WordDocument.Create(title, titleEn, keywords, tags, plainText, "hash", synonyms) == oldWords, "WordDocument", plainText);
    }

    private static void CompareSnippet(string text, SearchQuery query, ulong mask, int width)
    {
        var old = OldSnippets.Build(text, query, mask, width);
        var now = Snippets.Build(text, query, mask, width);
        Check(old == now, $"Snippets.Build(q={query.Text}, mask={mask}, width={width}) old={old} new={now}", text);
    }

    private static void Check(bool ok, string what, string text)
    {
        _checks++;
        if (ok) { return; }
        if (++_failures <= 20)
        {
            Console.WriteLine($"DIFFERENT {what} on: {Escape(text[..Math.Min(text.Length, 200)])}");
        }
    }

    private static string Escape(string s) =>
        string.Concat(s.Select(c => c < 0x20 || char.IsSurrogate(c) || c > 0xFFF0 ? $"\\u{(int)c:X4}" : c.ToString()));

    /// <summary>Han, ASCII, and the characters that take the normalizer's other paths: folds, marks, surrogates, noncharacters, dimensions.</summary>
    private static readonly string[] Pieces =
    [
        "卷", "积", "批", "归", "一", "化", "的", "层", "过", "拟", "合", "感", "受", "野", "深", "度", "可", "分", "离", "梯", "消", "失",
        "a", "b", "B", "N", "x", "X", "1", "3", "e", "s", "ing", "ation", "normaliz", "BN", "lstm", "LSTM",
        " ", " ", "  ", "\n", "\t", ".", ". ", ",", "*", "-", "_", "'", "\"", "<", ">", "&", "(", ")",
        "。", "，", "、", "：", "！", "？", "；", "（", "）", "“", "”", "《", "》", "…", "—",
        "×", "✕", "＊", "✱", "ＢＮ", "ｂ", "１", "Ｘ", "é", "e\u0301", "\u0301", "ﬁ", "½", "①", "㈠", "㊀", "⼀", "\uF900", "\u3400", "\u2E80",
        "ß", "İ", "Σ", "ς", "ǅ", "ｶ", "カ", "ㄱ", "가", "\u200B", "\u00AD", "\uFEFF", "\uFFFE", "\uFDD0", "\uD800", "\uDC00",
        "𠀀", "😀", "𝐁", "🄱", "\U0002F800", "ｱ", "Ⅻ", "㎏", "™", "µ", "Å", "ǈ",
    ];

    private static string RandomText(Random random, int pieces)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < pieces; i++) { sb.Append(Pieces[random.Next(Pieces.Length)]); }
        return sb.ToString();
    }
}
