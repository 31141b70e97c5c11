namespace KnowledgeBase.Search;

/// <summary>
/// Turns what a user typed into concepts: normalize (width, case, <c>×</c> → x, <c>1 x 1</c> → 1x1), cut
/// Chinese into words, drop question words and particles (<see cref="Stopwords"/>), expand synonyms and
/// abbreviations. Nothing the user typed ever becomes FTS5 syntax: every alternative is a quoted string.
/// </summary>
public static class QueryAnalyzer
{
    public static SearchQuery Analyze(string? input, SynonymSet? synonyms = null)
    {
        synonyms ??= SynonymSet.Empty;
        var text = (input ?? "").Trim();
        var truncated = false;
        if (text.Length > SearchQuery.MaxLength)
        {
            var cut = char.IsHighSurrogate(text[SearchQuery.MaxLength - 1]) ? SearchQuery.MaxLength - 1 : SearchQuery.MaxLength;
            text = text[..cut];
            truncated = true;
        }
        var words = WordSegmenter.Words(text, forIndex: false);
        var texts = words.Select(w => w.Text).ToList();
        var concepts = new List<Concept>();
        var dropped = new List<Concept>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void Add(List<Concept> list, Concept concept)
        {
            if (concepts.Count + dropped.Count < SearchQuery.MaxConcepts * 2 && seen.Add(concept.WordsMatch)) { list.Add(concept); }
        }

        // A Chinese word of one or two characters is a substring only when it is the whole query (堆, 池化): then
        // nothing else says what is meant, and these are exactly the queries people type to find a passage.
        var alone = words.Count == 1;
        var i = 0;
        while (i < words.Count)
        {
            var label = text[words[i].Start..words[i].End];
            var (length, groups) = synonyms.LongestMatch(texts, i);
            if (length > 0)
            {
                label = text[words[i].Start..words[i + length - 1].End];
                var typed = texts.Skip(i).Take(length).ToList();
                var key = string.Join(' ', typed);
                IReadOnlyList<IReadOnlyList<string>> phrases = synonyms.IsAmbiguous(key)
                    ? [typed, .. groups.Select(g => (IReadOnlyList<string>)[SynonymSet.GroupToken(g)])]
                    : [[SynonymSet.GroupToken(groups[0])]];
                Add(concepts, new Concept(label, synonyms.Alternatives(groups, key).Select(t => ToAlternative(t.Tokens)).ToList(), phrases, true));
                i += length;
                continue;
            }
            var word = words[i];
            var concept = new Concept(label, [ToAlternative(TextNormalizer.Tokenize(word.Text).Select(t => t.Text).ToArray())], [[word.Text]],
                !word.Cjk || word.Text.Length > 2 || alone);
            Add(Stopwords.Contains(word.Text) ? dropped : concepts, concept);
            i++;
        }
        // Only question words ("what is", "为什么"): search for them rather than for nothing.
        if (concepts.Count == 0) { concepts = dropped; }
        return new SearchQuery(text, truncated, concepts.Take(SearchQuery.MaxConcepts).ToList());
    }

    /// <summary>
    /// English words match as prefixes in the substring index, cut back to a light stem first (normalize and
    /// normalization → normaliz*); single letters and numbers stay exact ("c" must not match every c-word).
    /// </summary>
    private static Alternative ToAlternative(string[] terms)
    {
        var tokens = terms.ToArray();
        var last = tokens.Length == 0 ? "" : tokens[^1];
        var prefix = last.Length > 1 && !TextNormalizer.IsCjk(char.ConvertToUtf32(last, 0)) && !last.All(char.IsAsciiDigit);
        if (prefix) { tokens[^1] = Stem(last); }
        return new Alternative(tokens, prefix);
    }

    private static readonly string[] Suffixes = ["ations", "ation", "ings", "ing", "ed", "es", "s", "e"];

    internal static string Stem(string word)
    {
        if (word.Length < 5 || !word.All(char.IsAsciiLetter)) { return word; }
        foreach (var suffix in Suffixes)
        {
            if (!word.EndsWith(suffix, StringComparison.Ordinal) || word.Length - suffix.Length < 4) { continue; }
            if (suffix == "s" && word.EndsWith("ss", StringComparison.Ordinal)) { return word; }
            return word[..^suffix.Length];
        }
        return word;
    }
}
