using System.Text;
using KnowledgeBase.Common;
using YamlDotNet.Core;

namespace KnowledgeBase.Content;

public sealed class ArticleMeta
{
    public string? Title { get; set; }
    public string? TitleEn { get; set; }
    public List<string> Tags { get; set; } = [];
    public List<string> Keywords { get; set; } = [];
    public int? Difficulty { get; set; }
    public int? Order { get; set; }
    public DateTimeOffset? Updated { get; set; }
}

public sealed record ParsedArticle(ArticleMeta Meta, string Body, int BodyStartLine);

/// <summary>A content problem with the 1-based line it was found on, for the import warning.</summary>
public sealed class ContentException(string message, int line) : Exception(message)
{
    public int Line { get; } = line;
}

public static class FrontMatter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes UTF-8 strictly; on failure reports the line of the first invalid byte.</summary>
    public static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            var text = StrictUtf8.GetString(bytes);
            RejectNoncharacters(text);
            return text;
        }
        var index = 0;
        while (index < bytes.Length)
        {
            if (System.Buffers.OperationStatus.Done != Rune.DecodeFromUtf8(bytes[index..], out _, out var consumed))
            {
                break;
            }
            index += consumed;
        }
        var line = 1 + bytes[..index].Count((byte)'\n');
        throw new ContentException($"invalid UTF-8 at byte {index}", line);
    }

    /// <summary>U+FDD0–U+FDEF, U+FFFE, U+FFFF, and the low surrogates U+DFFE and U+DFFF that end U+1FFFE, U+1FFFF … U+10FFFF.</summary>
    private static readonly System.Buffers.SearchValues<char> NoncharacterUnits =
        System.Buffers.SearchValues.Create([.. Enumerable.Range(0xFDD0, 0xFDEF - 0xFDD0 + 1).Select(c => (char)c), '\uFFFE', '\uFFFF', '\uDFFE', '\uDFFF']);

    /// <summary>
    /// Noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF and their copies in every plane) are valid UTF-8 but not text;
    /// U+FFFE makes <see cref="string.Normalize()"/> throw, which anchors and the search index rely on. The file
    /// is rejected, not silently changed, so its author sees where the stray character is.
    /// </summary>
    private static void RejectNoncharacters(string text)
    {
        // Every file is checked (twice when it changed): a vectorized search for the code units a noncharacter can be made
        // of, and the line counted only when one is there.
        if (!text.AsSpan().ContainsAny(NoncharacterUnits)) { return; }
        var line = 1;
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == '\n') { line++; continue; }
            if (rune.Value is >= 0xFDD0 and <= 0xFDEF || (rune.Value & 0xFFFE) == 0xFFFE)
            {
                throw new ContentException($"contains U+{rune.Value:X4}, a Unicode noncharacter; remove it", line);
            }
        }
    }

    public static ParsedArticle Parse(string text) => Parse(text, null);

    /// <param name="meta">
    /// The front matter of this same text, parsed before (the importer reads every changed file's front matter for
    /// its terms before it prepares any): only the body is cut out, the YAML is not read a second time.
    /// </param>
    internal static ParsedArticle Parse(string text, ArticleMeta? meta)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            throw new ContentException("missing YAML front matter (the file must start with ---)", 1);
        }
        var end = text.IndexOf("\n---", 3, StringComparison.Ordinal);
        while (end >= 0 && !(end + 4 == text.Length || text[end + 4] == '\n'))
        {
            end = text.IndexOf("\n---", end + 4, StringComparison.Ordinal);
        }
        if (end < 0)
        {
            throw new ContentException("front matter is not closed by ---", 1);
        }
        var bodyStart = end + 4 < text.Length ? end + 5 : text.Length;
        var bodyStartLine = 1 + text.AsSpan(0, bodyStart).Count('\n');
        return new ParsedArticle(meta ?? ParseMeta(text[4..(end + 1)]), text[bodyStart..], bodyStartLine);
    }

    private static ArticleMeta ParseMeta(string yaml)
    {
        ArticleMeta meta;
        try
        {
            meta = Yaml.Deserialize<ArticleMeta?>(yaml) ?? new ArticleMeta();
        }
        catch (YamlException ex)
        {
            // +1: the YAML starts on the line after the opening ---.
            throw new ContentException($"bad YAML: {Innermost(ex).Message}", (int)ex.Start.Line + 1);
        }
        if (string.IsNullOrWhiteSpace(meta.Title))
        {
            throw new ContentException("front matter has no title", 2);
        }
        if (meta.Difficulty is < 1 or > 3)
        {
            throw new ContentException("difficulty must be 1, 2 or 3", 2);
        }
        meta.Title = meta.Title.Trim();
        meta.Tags = Clean(meta.Tags);
        meta.Keywords = Clean(meta.Keywords);
        return meta;
    }

    private static List<string> Clean(List<string>? values) =>
        (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static Exception Innermost(Exception ex) => ex.InnerException is null ? ex : Innermost(ex.InnerException);
}
