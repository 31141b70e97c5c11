using System.Text.Encodings.Web;
using KnowledgeBase.Editing;
using Microsoft.AspNetCore.Html;

namespace KnowledgeBase.Pages.Editing;

/// <summary>A diff line's spans as HTML with no whitespace between them (Razor markup would add some inside the line).</summary>
public static class DiffMarkup
{
    // As the site's Razor output: Chinese stays readable (HtmlEncoder.Default would write every character as &#x…;).
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static IHtmlContent Spans(IReadOnlyList<DiffSpan> spans)
    {
        var html = new HtmlContentBuilder();
        foreach (var s in spans)
        {
            var text = Encoder.Encode(s.Text);
            html.AppendHtml(s.Kind switch { "del" => $"<del>{text}</del>", "ins" => $"<ins>{text}</ins>", _ => text });
        }
        return html;
    }
}
