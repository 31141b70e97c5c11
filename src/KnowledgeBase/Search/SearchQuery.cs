namespace KnowledgeBase.Search;

/// <summary>
/// One spelling of a concept in <see cref="TextNormalizer"/> tokens (the substring index and snippets);
/// <see cref="Prefix"/>: the last token may be a prefix (English words: <c>normaliz</c> finds normalization).
/// </summary>
public sealed record Alternative(IReadOnlyList<string> Tokens, bool Prefix)
{
    /// <summary>
    /// The substring-index expression: always a quoted FTS5 string, so whatever the user typed is never FTS5
    /// syntax. Tokens hold only letters and digits; the doubling of quotes is a second line of defence.
    /// </summary>
    public string ToFts() => Quote(FtsTokens()) + (Prefix ? "*" : "");

    /// <summary>A quoted FTS5 phrase; quotes doubled, though no token holds one.</summary>
    public static string Quote(IEnumerable<string> tokens) => "\"" + string.Join(' ', tokens).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// A run of two or more CJK characters is looked up as overlapping bigrams ("批归 归一 一化"), which only the
    /// <c>*_bi</c> columns hold: the same matches as the single-character phrase, but FTS5 reads the short
    /// position lists of bigrams instead of the long ones of common characters. Anything else (one character,
    /// words, a mixed phrase like "bn 层") stays a phrase of the tokens, which only the first three columns hold.
    /// </summary>
    private IEnumerable<string> FtsTokens() =>
        Tokens.Count >= 2 && Tokens.All(TextNormalizer.Bigrams)
            ? Tokens.Zip(Tokens.Skip(1), (a, b) => a + b)
            : Tokens;
}

/// <summary>
/// One thing the user asked about (a content word, or a synonym group), under the text they typed for it
/// (<see cref="Label"/>). In the word index it is any of <see cref="WordPhrases"/> (the word itself, or the
/// synonym groups' tokens, see <see cref="SynonymSet"/>); in the substring index and snippets any of its
/// <see cref="Alternatives"/>. <see cref="Substring"/>: also look it up as a substring in <c>search_index</c>
/// — not for a Chinese word of one or two characters inside a longer query (链 of 区块链 must not match
/// 链式法则, 量子 not 数量子集), which only matches as a word.
/// </summary>
public sealed record Concept(string Label, IReadOnlyList<Alternative> Alternatives, IReadOnlyList<IReadOnlyList<string>> WordPhrases, bool Substring)
{
    public string WordsMatch => Or(WordPhrases.Select(Alternative.Quote).Distinct());

    public string SubstringMatch => Or(Alternatives.Select(a => a.ToFts()).Distinct());

    /// <summary>
    /// Every article the word index finds for this concept, the substring index finds too, so that looking it up
    /// in the word index adds nothing to which articles match: its words are Chinese (a word, or a word inside a
    /// longer one, is a substring of the text) or synonym group tokens (indexed only where a term of the group
    /// occurs, and every such term is one of the <see cref="Alternatives"/>). Not an English word: porter stems
    /// normalization to normal, which finds normally; the substring index's normaliz* does not.
    /// </summary>
    public bool SubstringCoversWords => Substring && WordPhrases.All(p => p.All(w =>
        w.StartsWith(GroupMark) || w.EnumerateRunes().All(r => TextNormalizer.IsCjk(r.Value))));

    private static readonly char GroupMark = SynonymSet.GroupToken(0)[0];

    private static string Or(IEnumerable<string> parts)
    {
        var list = parts.ToList();
        return list.Count == 1 ? list[0] : "(" + string.Join(" OR ", list) + ")";
    }
}

/// <summary>A user query as concepts; an article is ranked by how many it matches (see <see cref="SearchService"/>).</summary>
public sealed record SearchQuery(string Text, bool Truncated, IReadOnlyList<Concept> Concepts)
{
    /// <summary>Longer input is cut here (not refused): a pasted paragraph still finds something.</summary>
    public const int MaxLength = 200;

    /// <summary>More concepts than this add nothing to ranking but cost time; the rest are ignored.</summary>
    public const int MaxConcepts = 24;

    public static readonly SearchQuery Empty = new("", false, []);

    public bool IsEmpty => Concepts.Count == 0;

    /// <summary>
    /// A one- or two-character Chinese query (堆, 池化): a search for that string anywhere, ranked by the substring
    /// index alone, as before there was a word index (its title and keyword columns lead).
    /// </summary>
    public bool IsExact => Concepts.Count == 1 && Concepts[0].Substring && Concepts[0].WordPhrases.Count == 1
        && Concepts[0].Alternatives.Count == 1 && Concepts[0].Alternatives[0].Tokens.Count is 1 or 2 && Concepts[0].Alternatives[0].Tokens.All(TextNormalizer.Bigrams);

    /// <summary>All concepts required, on the substring index: the title suggestions of search-as-you-type.</summary>
    public string Match => string.Join(" AND ", Concepts.Select(c => c.SubstringMatch));

    /// <summary>Any concept, on the word index: what bm25 ranks.</summary>
    public string WordsMatch => string.Join(" OR ", Concepts.Select(c => c.WordsMatch));
}
