using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeBase.Content;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Editing;

/// <summary>The JSON body of <c>PUT /api/articles/{slug}</c>; the edit form binds the same names.</summary>
public sealed class ArticleBody
{
    public string? Title { get; set; }
    public string? TitleEn { get; set; }
    public string? Category { get; set; }
    public List<string>? Tags { get; set; }
    public List<string>? Keywords { get; set; }
    public int? Difficulty { get; set; }
    public string? Markdown { get; set; }
    public string? Message { get; set; }
}

/// <summary>
/// Checks what an editor sends (API body or form) before anything is written. Each refusal names the field, for
/// problem+json (<c>field</c>) and for the form (the message beside the input). Bounds keep one save's work small;
/// the Markdown's own bounds are the importer's (<see cref="ContentOptions"/>), checked when it is rendered.
/// </summary>
public sealed partial class ArticleInput(IOptions<ContentOptions> options)
{
    public const int MaxTitle = 200;
    public const int MaxMessage = 500;
    public const int MaxListItems = 100;
    public const int MaxListItem = 100;
    public const int MaxSlug = 100;

    /// <summary>Letters (any script: Chinese slugs are fine), digits, '-' and '_'; it becomes a file name on export.</summary>
    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N}_-]*$")]
    private static partial Regex SlugPattern();

    public static string? CheckSlug(string? slug) =>
        string.IsNullOrEmpty(slug) ? "slug is required."
        : slug.Length > MaxSlug ? $"slug is longer than {MaxSlug} characters."
        : !SlugPattern().IsMatch(slug) ? "slug may contain only letters, digits, '-' and '_', and must start with a letter or digit."
        : null;

    /// <summary>The fields, or the first field at fault with its message.</summary>
    public (ArticleFields? Fields, string? Field, string? Error) Check(ArticleBody body)
    {
        string? Text(string? value, string field, bool required, int max, out string? error)
        {
            error = null;
            var v = value?.Trim();
            if (string.IsNullOrEmpty(v))
            {
                if (required) { error = $"{field} is required."; }
                return null;
            }
            if (v.Length > max) { error = $"{field} is longer than {max} characters."; }
            else if (v.Any(c => char.IsControl(c))) { error = $"{field} contains a control character."; }
            return v;
        }

        var title = Text(body.Title, "title", true, MaxTitle, out var e);
        if (e is not null) { return (null, "title", e); }
        var titleEn = Text(body.TitleEn, "titleEn", false, MaxTitle, out e);
        if (e is not null) { return (null, "titleEn", e); }
        var category = Text(body.Category, "category", true, MaxSlug, out e);
        if (e is not null) { return (null, "category", e); }
        if (body.Difficulty is < 1 or > 3) { return (null, "difficulty", "difficulty must be 1, 2 or 3."); }
        Text(body.Message, "message", false, MaxMessage, out e);
        if (e is not null) { return (null, "message", e); }
        var tags = List(body.Tags, "tags", out var field, out e);
        if (e is not null) { return (null, field, e); }
        var keywords = List(body.Keywords, "keywords", out field, out e);
        if (e is not null) { return (null, field, e); }
        if (body.Markdown is null) { return (null, "markdown", "markdown is required."); }
        var bytes = System.Text.Encoding.UTF8.GetByteCount(body.Markdown);
        if (bytes > options.Value.MaxFileBytes)
        {
            return (null, "markdown", $"markdown is {bytes:N0} bytes; the limit is {options.Value.MaxFileBytes:N0}.");
        }
        if (body.Markdown.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            return (null, "markdown", "markdown contains a control character.");
        }
        return (new ArticleFields(title!, titleEn, category!, tags, keywords, body.Difficulty, body.Markdown), null, null);
    }

    private static List<string> List(List<string>? values, string name, out string field, out string? error)
    {
        field = name;
        error = null;
        var list = new List<string>();
        if (values is null) { return list; }
        if (values.Count > MaxListItems) { error = $"{name} has more than {MaxListItems} items."; return list; }
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i]?.Trim();
            if (string.IsNullOrEmpty(v)) { continue; }
            if (v.Length > MaxListItem || v.Any(char.IsControl))
            {
                field = $"{name}[{i}]";
                error = $"{field} must be at most {MaxListItem} characters, without control characters.";
                return list;
            }
            if (!list.Contains(v, StringComparer.OrdinalIgnoreCase)) { list.Add(v); }
        }
        return list;
    }

    /// <summary>A comma- or 、-separated form field (tags, keywords) as a list.</summary>
    public static List<string> SplitList(string? value) =>
        (value ?? "").Split([',', '，', '、', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>The API body, or the JSON path at fault (<c>tags[2]</c>, <c>$</c>) with the reason.</summary>
    public static (ArticleBody? Body, string? Field, string? Error) ParseJson(ReadOnlySpan<byte> json)
    {
        try
        {
            var body = JsonSerializer.Deserialize<ArticleBody>(json, JsonOptions);
            return body is null ? (null, "$", "The body must be a JSON object.") : (body, null, null);
        }
        catch (JsonException e)
        {
            var path = e.Path is null or "$" ? "$" : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path;
            return (null, path, "Malformed JSON or a value of the wrong type.");
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { MaxDepth = 8 };
}
