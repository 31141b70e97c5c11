// The index documents as made before the import tokenized an article once (copied from SearchIndexer.cs, renamed; built on the
// other frozen copies here): the baseline of the Documents benchmarks and the oracle of --verify.
namespace Tokenize.Bench.Old;
using KnowledgeBase.Search;

internal static class OldDocuments
{
    public static SearchDocument Search(string title, string? titleEn, IEnumerable<string> keywords, IEnumerable<string> tags, string plainText)
    {
        var titleTokens = OldTextNormalizer.Tokenize(title + " " + titleEn);
        var keywordTokens = OldTextNormalizer.Tokenize(string.Join(" ", keywords) + " " + string.Join(" ", tags));
        var body = OldTextNormalizer.Tokenize(plainText);
        return new SearchDocument(
            OldTextNormalizer.Words(titleTokens), OldTextNormalizer.Words(keywordTokens), OldTextNormalizer.Words(body),
            OldTextNormalizer.BigramText(titleTokens), OldTextNormalizer.BigramText(keywordTokens), OldTextNormalizer.BigramText(body));
    }

    public static WordDocument Words(string title, string? titleEn, IEnumerable<string> keywords, IEnumerable<string> tags, string plainText,
        string contentHash, SynonymSet synonyms)
    {
        var dictionary = WordsVersion + ":" + WordSegmenter.Stamp + ":" + synonyms.Stamp + ":";
        return new WordDocument(
            WordText(title + " , " + titleEn, synonyms),
            WordText(string.Join(" , ", tags.Order(Utf8Order.Instance)), synonyms),
            WordText(string.Join(" , ", keywords), synonyms),
            WordText(plainText, synonyms),
            dictionary + contentHash);
    }

    private const string WordsVersion = SearchIndexer.WordsVersion;

    public static string WordText(string? text, SynonymSet synonyms)
    {
        var words = OldWordSegmenter.Words(text, forIndex: true).Select(w => w.Text).ToList();
        return string.Join(' ', words.Concat(synonyms.GroupTokens(words)));
    }

    private sealed class Utf8Order : IComparer<string>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(string? x, string? y) =>
            System.Text.Encoding.UTF8.GetBytes(x ?? "").AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(y ?? ""));
    }
}
