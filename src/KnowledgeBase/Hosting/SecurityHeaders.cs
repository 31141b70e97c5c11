using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace KnowledgeBase.Hosting;

/// <summary>
/// Headers every response carries (pages, API, static files, error pages), and JSON that is safe to embed.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from our own files: no inline script, no eval, no plug-ins, no framing, no &lt;base&gt;.
    /// Styles: our stylesheets, plus inline style <i>attributes</i> (<c>style-src-attr</c>), which article
    /// HTML needs (Markdig writes table alignment as <c>style="text-align:…"</c>; the sanitizer limits which
    /// properties pass). KaTeX and highlight.js set styles through the DOM, which CSP does not restrict.
    /// &lt;style&gt; elements stay blocked. <c>img-src data:</c> is for the small images inlined in CSS.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string ReferrerPolicy = "strict-origin-when-cross-origin";

    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services)
    {
        // Minimal-API JSON escapes <, >, &, quotes (a search echoing "<script>" can never become markup
        // when a client drops it into HTML) but leaves Chinese readable.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));
        return services;
    }

    /// <summary>
    /// First in the pipeline. Set when the response starts, not before the rest runs: the exception handler
    /// clears headers before it writes the error page. A header a later stage set on purpose (the stricter
    /// policy for media files) is kept.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            if (!headers.ContainsKey("Content-Security-Policy")) { headers.ContentSecurityPolicy = ContentSecurityPolicy; }
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = ReferrerPolicy;
            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
