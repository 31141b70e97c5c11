namespace KnowledgeBase.Common;

/// <summary>The site's URLs for articles, categories and tags: Razor pages, API JSON and search results all link through here.</summary>
internal static class Urls
{
    public static string Article(string slug) => "/a/" + Uri.EscapeDataString(slug);

    public static string Category(string slug) => "/c/" + Uri.EscapeDataString(slug);

    public static string Tag(string tag) => "/t/" + Uri.EscapeDataString(tag);
}
