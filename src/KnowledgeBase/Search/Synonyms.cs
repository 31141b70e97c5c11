using KnowledgeBase.Common;

namespace KnowledgeBase.Search;

/// <summary>A synonym as <see cref="TextNormalizer"/> tokens (substring index, snippets) and as words (word index, query matching).</summary>
public sealed record SynonymTerm(string[] Tokens, string[] Words)
{
    public string Key => string.Join(' ', Words);
}

/// <summary>
/// Groups of equivalent terms (<c>content/synonyms.yml</c>: a YAML list of lists). Terms are matched on the
/// query's words (after segmentation, so 量化 does not fire inside 向量化); their Chinese parts join the
/// segmenter's dictionary first, so that each stays one word. A term listed in several groups is an ambiguous
/// abbreviation (LR: logistic regression, learning rate): typed, it stands for all its groups; expanded from
/// another term of one group, it is left out, so 学习率 never drags in logistic regression.
/// </summary>
public sealed class SynonymSet
{
    public static readonly SynonymSet Empty = new([]);

    private readonly Dictionary<string, List<(string[] Words, int Group)>> _byFirstWord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _groupCount = new(StringComparer.Ordinal);

    public SynonymSet(IEnumerable<IEnumerable<string>> groups)
    {
        var lists = groups.Select(g => g.Where(t => !string.IsNullOrWhiteSpace(t)).ToList()).ToList();
        WordSegmenter.AddTerms(lists.SelectMany(g => g));
        foreach (var group in lists)
        {
            var terms = group.Select(t => new SynonymTerm(
                    TextNormalizer.Tokenize(t).Select(x => x.Text).ToArray(),
                    WordSegmenter.Words(t, forIndex: false).Select(w => w.Text).ToArray()))
                .Where(t => t.Words.Length > 0)
                .DistinctBy(t => t.Key)
                .ToList();
            if (terms.Count < 2) { continue; }
            Groups.Add(terms);
            foreach (var term in terms)
            {
                if (!_byFirstWord.TryGetValue(term.Words[0], out var list)) { _byFirstWord[term.Words[0]] = list = []; }
                list.Add((term.Words, Groups.Count - 1));
                _groupCount[term.Key] = _groupCount.GetValueOrDefault(term.Key) + 1;
            }
        }
        foreach (var list in _byFirstWord.Values)
        {
            // Longest first: "batch normalization" wins over "batch".
            list.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
        }
        _groupTokens = Enumerable.Range(0, Groups.Count).Select(GroupToken).ToArray();
        var all = string.Join('\n', Groups.Select(g => string.Join('\t', g.Select(t => t.Key))));
        Stamp = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(all)))[..12];
    }

    public List<List<SynonymTerm>> Groups { get; } = [];

    /// <summary><see cref="GroupToken"/> of each group, made once: the import adds one wherever a term occurs in an article.</summary>
    private readonly string[] _groupTokens;

    /// <summary>
    /// Changes when the groups change: part of each word-index row's stamp, because the index holds
    /// <see cref="GroupToken"/>s of these groups.
    /// </summary>
    public string Stamp { get; }

    /// <summary>
    /// The word-index token that stands for a whole group: the indexer adds it wherever a term of the group
    /// occurs, so a query for any term finds every spelling and bm25 counts them as ONE term (an article that
    /// lists BN, batch normalization and 批归一化 is not three times as relevant). A private-use character that
    /// unicode61 keeps as a letter but <see cref="TextNormalizer"/> treats as a separator: no query can type it.
    /// </summary>
    public static string GroupToken(int group) => "\uE001" + group.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public bool IsAmbiguous(string key) => _groupCount.GetValueOrDefault(key) > 1;

    /// <summary>The group tokens for a text's words: one per occurrence of an unambiguous term (an ambiguous one says too little).</summary>
    public IEnumerable<string> GroupTokens(IReadOnlyList<string> words)
    {
        var i = 0;
        while (i < words.Count)
        {
            var (length, groups) = LongestMatch(words, i);
            if (length == 0) { i++; continue; }
            if (groups.Count == 1) { yield return _groupTokens[groups[0]]; }
            i += length;
        }
    }

    /// <summary>The longest synonym phrase starting at word <paramref name="start"/>: its length in words and every group it belongs to.</summary>
    public (int Length, IReadOnlyList<int> Groups) LongestMatch(IReadOnlyList<string> words, int start)
    {
        if (!_byFirstWord.TryGetValue(words[start], out var candidates)) { return (0, []); }
        var length = 0;
        var found = new List<int>();
        foreach (var (phrase, group) in candidates)
        {
            if (phrase.Length < length) { break; }
            if (start + phrase.Length > words.Count) { continue; }
            var ok = true;
            for (var k = 1; k < phrase.Length && ok; k++) { ok = words[start + k] == phrase[k]; }
            if (!ok) { continue; }
            length = phrase.Length;
            if (!found.Contains(group)) { found.Add(group); }
        }
        return (length, found);
    }

    /// <summary>The terms a match stands for: every term of its groups, less other groups' ambiguous terms (see the class).</summary>
    public IEnumerable<SynonymTerm> Alternatives(IReadOnlyList<int> groups, string typedKey) =>
        groups.SelectMany(g => Groups[g])
            .Where(t => t.Key == typedKey || _groupCount.GetValueOrDefault(t.Key) <= 1)
            .DistinctBy(t => t.Key);

    public static SynonymSet Parse(string yaml)
    {
        var groups = Yaml.Deserialize<List<List<string>>?>(yaml) ?? [];
        return new SynonymSet(groups.Where(g => g is not null));
    }
}

/// <summary>
/// The synonym groups in use. The content import hands over the text of <c>synonyms.yml</c> after every import
/// (content → search, never the other way), so a search request never touches the file.
/// </summary>
public sealed class SynonymProvider(ILogger<SynonymProvider> logger)
{
    public const string FileName = "synonyms.yml";

    private volatile SynonymSet _current = SynonymSet.Empty;

    public SynonymSet Current => _current;

    /// <param name="yaml">The file's text; null when there is no usable file.</param>
    public void Load(string? yaml)
    {
        try
        {
            _current = yaml is null ? SynonymSet.Empty : SynonymSet.Parse(yaml);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            // A broken synonyms file must not break search: search without synonyms and say why.
            logger.LogWarning("Ignored {File}:{Line}: {Message}", FileName, ex.Start.Line, ex.Message);
            _current = SynonymSet.Empty;
        }
    }
}
