using KnowledgeBase.Common;

namespace KnowledgeBase.Search;

/// <summary>
/// Groups of equivalent terms (<c>content/synonyms.yml</c>: a YAML list of lists). Each term is stored
/// as its normalized token sequence so that matching in a query is a token comparison.
/// A term listed in several groups is ambiguous (LR: logistic regression and learning rate): a query for it
/// expands to every group it is in, and a query for any other term leaves it out, so "学习率" does not find
/// the articles on logistic regression through "LR".
/// </summary>
public sealed class SynonymSet
{
    public static readonly SynonymSet Empty = new([]);

    private readonly Dictionary<string, List<(string[] Tokens, IReadOnlyList<string[]> Expansion)>> _byFirstToken = new(StringComparer.Ordinal);

    public SynonymSet(IEnumerable<IEnumerable<string>> groups)
    {
        foreach (var group in groups)
        {
            var phrases = group.Select(t => TextNormalizer.Tokenize(t).Select(x => x.Text).ToArray())
                .Where(t => t.Length > 0)
                .DistinctBy(Key)
                .ToList();
            if (phrases.Count >= 2) { Groups.Add(phrases); }
        }
        var groupsOf = Groups.SelectMany((g, i) => g.Select(p => (Key: Key(p), Phrase: p, Group: i)))
            .GroupBy(x => x.Key, StringComparer.Ordinal)
            .ToDictionary(x => x.Key, x => (x.First().Phrase, Groups: x.Select(y => y.Group).ToList()), StringComparer.Ordinal);
        foreach (var (key, (phrase, memberOf)) in groupsOf)
        {
            var expansion = memberOf.SelectMany(g => Groups[g])
                .Where(p => Key(p) == key || groupsOf[Key(p)].Groups.Count == 1)
                .DistinctBy(Key)
                .ToList();
            if (expansion.Count < 2) { continue; }
            if (!_byFirstToken.TryGetValue(phrase[0], out var list)) { _byFirstToken[phrase[0]] = list = []; }
            list.Add((phrase, expansion));
        }
        foreach (var list in _byFirstToken.Values)
        {
            // Longest first: "batch normalization" wins over "batch".
            list.Sort((a, b) => b.Tokens.Length.CompareTo(a.Tokens.Length));
        }
    }

    /// <summary>The groups as listed (duplicates within a group and groups of fewer than two terms dropped).</summary>
    public List<List<string[]>> Groups { get; } = [];

    /// <summary>
    /// The longest synonym phrase starting at <paramref name="start"/>: its length in tokens and the phrases a
    /// query for it matches (itself first when unambiguous; empty when no phrase starts there).
    /// </summary>
    public (int Length, IReadOnlyList<string[]> Expansion) LongestMatch(IReadOnlyList<string> tokens, int start)
    {
        if (!_byFirstToken.TryGetValue(tokens[start], out var candidates)) { return (0, []); }
        foreach (var (phrase, expansion) in candidates)
        {
            if (start + phrase.Length > tokens.Count) { continue; }
            var ok = true;
            for (var k = 1; k < phrase.Length && ok; k++) { ok = tokens[start + k] == phrase[k]; }
            if (ok) { return (phrase.Length, expansion); }
        }
        return (0, []);
    }

    public static SynonymSet Parse(string yaml)
    {
        var groups = Yaml.Deserialize<List<List<string>>?>(yaml) ?? [];
        return new SynonymSet(groups.Where(g => g is not null));
    }

    private static string Key(string[] phrase) => string.Join(' ', phrase);
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
