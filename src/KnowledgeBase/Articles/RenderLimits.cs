namespace KnowledgeBase.Articles;

/// <summary>
/// Bounds on the work one article may cause. Content is untrusted: without them a few hundred nested quotes
/// crash the parser, and deeply nested raw HTML or thousands of headings take the sanitizer and the anchor
/// code tens of seconds.
/// </summary>
/// <param name="MaxNestingDepth">Markdown containers inside each other (quotes, lists, list items, emphasis, links).</param>
/// <param name="MaxHeadings">Headings in one article.</param>
/// <param name="MaxHtmlDepth">Raw HTML elements open inside each other.</param>
public sealed record RenderLimits(int MaxNestingDepth, int MaxHeadings, int MaxHtmlDepth)
{
    public static readonly RenderLimits Default = new(32, 1000, 64);
}

/// <summary>An article exceeds a <see cref="RenderLimits"/> bound or cannot be parsed; <see cref="Line"/> is 1-based in the body.</summary>
public sealed class RenderException(string message, int line) : Exception(message)
{
    public int Line { get; } = line;
}
