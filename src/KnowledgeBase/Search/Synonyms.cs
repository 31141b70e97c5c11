using KnowledgeBase.Content;
using Microsoft.Extensions.Options;
using YamlDotNet.Serialization;

namespace KnowledgeBase.Search;

/// <summary>
/// Groups of equivalent terms (<c>content/synonyms.yml</c>: a YAML list of lists). Each term is stored
/// as its normalized token sequence so that matching in a query is a token comparison.
/// </summary>
public sealed class SynonymSet
{
    public static readonly SynonymSet Empty = new([]);

    private readonly Dictionary<string, List<(string[] Tokens, int Group)>> _byFirstToken = new(StringComparer.Ordinal);

    public SynonymSet(IEnumerable<IEnumerable<string>> groups)
    {
        foreach (var group in groups)
        {
            var phrases = group.Select(t => TextNormalizer.Tokenize(t).Select(x => x.Text).ToArray())
                .Where(t => t.Length > 0)
                .DistinctBy(t => string.Join(' ', t))
                .ToList();
            if (phrases.Count < 2) { continue; }
            Groups.Add(phrases);
            foreach (var phrase in phrases)
            {
                if (!_byFirstToken.TryGetValue(phrase[0], out var list)) { _byFirstToken[phrase[0]] = list = []; }
                list.Add((phrase, Groups.Count - 1));
            }
        }
        foreach (var list in _byFirstToken.Values)
        {
            // Longest first: "batch normalization" wins over "batch".
            list.Sort((a, b) => b.Tokens.Length.CompareTo(a.Tokens.Length));
        }
    }

    public List<List<string[]>> Groups { get; } = [];

    /// <summary>The longest synonym phrase starting at <paramref name="start"/>: its length in tokens and its group.</summary>
    public (int Length, int Group) LongestMatch(IReadOnlyList<string> tokens, int start)
    {
        if (!_byFirstToken.TryGetValue(tokens[start], out var candidates)) { return (0, -1); }
        foreach (var (phrase, group) in candidates)
        {
            if (start + phrase.Length > tokens.Count) { continue; }
            var ok = true;
            for (var k = 1; k < phrase.Length && ok; k++) { ok = tokens[start + k] == phrase[k]; }
            if (ok) { return (phrase.Length, group); }
        }
        return (0, -1);
    }

    public static SynonymSet Parse(string yaml)
    {
        var groups = new DeserializerBuilder().Build().Deserialize<List<List<string>>?>(yaml) ?? [];
        return new SynonymSet(groups.Where(g => g is not null));
    }
}

/// <summary>Loads <c>synonyms.yml</c> from the content folder, reloading when the file changes.</summary>
public sealed class SynonymProvider(IOptions<ContentOptions> options, ILogger<SynonymProvider> logger)
{
    public const string FileName = "synonyms.yml";

    private readonly Lock _gate = new();
    private (DateTime Stamp, SynonymSet Set) _cached = (DateTime.MinValue, SynonymSet.Empty);

    public SynonymSet Current
    {
        get
        {
            var path = Path.Combine(options.Value.ResolveContentPath(), FileName);
            var stamp = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
            lock (_gate)
            {
                if (stamp == _cached.Stamp) { return _cached.Set; }
                var set = SynonymSet.Empty;
                if (stamp != DateTime.MinValue)
                {
                    try
                    {
                        set = SynonymSet.Parse(FrontMatter.DecodeUtf8(File.ReadAllBytes(path)));
                    }
                    catch (Exception ex) when (ex is IOException or YamlDotNet.Core.YamlException or ContentException)
                    {
                        // A broken synonyms file must not break search: search without synonyms and say why.
                        logger.LogWarning("Ignored {File}: {Message}", FileName, ex.Message);
                    }
                }
                _cached = (stamp, set);
                return set;
            }
        }
    }
}
