namespace KnowledgeBase.Search;

/// <summary>One way to match a term: a token sequence (a phrase), the last token optionally a prefix.</summary>
public sealed record Alternative(IReadOnlyList<string> Tokens, bool Prefix)
{
    /// <summary>
    /// Always a quoted FTS5 string: whatever the user typed, it is never FTS5 syntax. Tokens hold only
    /// letters and digits, the doubling of quotes is a second line of defence.
    /// </summary>
    public string ToFts() => "\"" + string.Join(' ', FtsTokens()).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (Prefix ? "*" : "");

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

/// <summary>A query term and its synonyms: any alternative matches it.</summary>
public sealed record TermGroup(IReadOnlyList<Alternative> Alternatives)
{
    public string ToFts() => Alternatives.Count == 1
        ? Alternatives[0].ToFts()
        : "(" + string.Join(" OR ", Alternatives.Select(a => a.ToFts())) + ")";
}

/// <summary>A user query turned into term groups that must all match (AND).</summary>
public sealed record SearchQuery(string Text, bool Truncated, IReadOnlyList<TermGroup> Groups)
{
    /// <summary>Longer input is cut here (not refused): a pasted paragraph still finds something.</summary>
    public const int MaxLength = 200;

    /// <summary>More terms than this add nothing to ranking but cost time; the rest are ignored.</summary>
    public const int MaxGroups = 24;

    public bool IsEmpty => Groups.Count == 0;

    /// <summary>The FTS5 MATCH expression, to be bound as a parameter.</summary>
    public string Match => string.Join(" AND ", Groups.Select(g => g.ToFts()));

    /// <summary>
    /// Tokenizes the input exactly like the index: each run of adjacent CJK characters becomes a phrase
    /// of single characters, each other word a prefix term (single letters exact, else "c" in C++ would
    /// match every word starting with c), synonym phrases an OR group of their synonyms
    /// (<see cref="SynonymSet.LongestMatch"/>: every meaning of an ambiguous abbreviation).
    /// </summary>
    public static SearchQuery Parse(string? input, SynonymSet? synonyms = null)
    {
        synonyms ??= SynonymSet.Empty;
        var text = (input ?? "").Trim();
        var truncated = false;
        if (text.Length > MaxLength)
        {
            var cut = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
            text = text[..cut];
            truncated = true;
        }
        var tokens = TextNormalizer.Tokenize(text);
        var texts = tokens.Select(t => t.Text).ToList();
        var groups = new List<TermGroup>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void Add(TermGroup group)
        {
            if (groups.Count < MaxGroups && seen.Add(group.ToFts())) { groups.Add(group); }
        }

        var run = new List<string>();
        var runEnd = -1;
        void FlushRun()
        {
            if (run.Count > 0) { Add(new TermGroup([new Alternative(run.ToArray(), false)])); }
            run.Clear();
        }

        var i = 0;
        while (i < tokens.Count)
        {
            var (length, expansion) = synonyms.LongestMatch(texts, i);
            if (length > 0)
            {
                FlushRun();
                Add(new TermGroup(expansion.Select(ToAlternative).ToList()));
                i += length;
                continue;
            }
            var token = tokens[i];
            if (token.Cjk)
            {
                // A space (or anything) between two Han characters ends the phrase: "均值 方差" is two terms.
                if (run.Count > 0 && token.Start != runEnd) { FlushRun(); }
                run.Add(token.Text);
                runEnd = token.End;
            }
            else
            {
                FlushRun();
                Add(new TermGroup([ToAlternative([token.Text])]));
            }
            i++;
        }
        FlushRun();
        return new SearchQuery(text, truncated, groups);
    }

    private static Alternative ToAlternative(string[] tokens)
    {
        var last = tokens[^1];
        var prefix = last.Length > 1 && !TextNormalizer.IsCjk(char.ConvertToUtf32(last, 0));
        return new Alternative(tokens, prefix);
    }
}
