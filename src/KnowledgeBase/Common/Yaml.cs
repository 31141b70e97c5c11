using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace KnowledgeBase.Common;

/// <summary>
/// The one YAML reader for content files (front matter, categories.yml, synonyms.yml): snake_case keys
/// (<c>title_en</c>), unknown keys ignored so a newer file still loads. Throws YamlDotNet's YamlException,
/// whose Start.Line callers turn into <c>file:line: reason</c>.
/// </summary>
internal static class Yaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    public static T? Deserialize<T>(string yaml) => Deserializer.Deserialize<T>(yaml);

    private static readonly System.Text.Json.JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// A scalar for files we write (front matter, categories.yml): a JSON string is a valid YAML double-quoted scalar,
    /// so a value with ':' '#' quotes or a leading '-' needs no YAML quoting rules of its own. Chinese stays readable.
    /// </summary>
    public static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value, Json);
}
