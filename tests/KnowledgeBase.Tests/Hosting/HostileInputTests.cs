using System.Net;
using System.Text.RegularExpressions;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Hosting;

/// <summary>
/// Every GET endpoint the app maps (found from its routing table, so a new one is swept too), with every
/// route value and the query parameters the app reads set to hostile text: never a 5xx.
/// </summary>
public sealed partial class HostileInputTests(KbFactory factory) : IClassFixture<KbFactory>
{
    /// <summary>Query parameter names any endpoint reads; unknown names are harmless extra input.</summary>
    private static readonly string[] QueryNames = ["q", "limit", "offset", "category", "tag", "format", "p", "page", "returnUrl", "culture", "difficulty", "slug"];

    /// <summary>Already percent-encoded: some (invalid UTF-8, encoded surrogates) cannot be written as a .NET string.</summary>
    public static readonly string[] Hostile =
    [
        Enc("\uFFFE"), Enc("BN\uFFFE的作用"), Enc("\uFFFF"), Enc("\uFDD0卷积"), Enc("\U0010FFFF"), Enc("x\U0001FFFEy"),
        "%ED%A0%80", "a%ED%B0%80b", "%FF%FE", "%C0%AE%C0%AE", "%00", "a%00b",
        Enc("\t"), Enc("/\t/x"), Enc("\r\n"), Enc("\u0001\u001f\u007f"), Enc("\u202e\u200b"),
        Enc(new string('长', 5000)), Enc(new string('a', 20000)), Enc(string.Concat(Enumerable.Repeat("BN ", 2000))),
        Enc("\"unterminated"), Enc("NEAR(a b, 1)"), Enc("a OR b AND NOT c"), Enc("title: x"), Enc("{title}: x"), Enc("-x ^y *"),
        Enc("(("), Enc("*"), Enc("'; DROP TABLE articles; --"), Enc("<script>alert(1)</script>"), Enc("../../etc/passwd"),
        Enc("//evil.example"), Enc("/\\evil.example"), Enc("https://evil.example"), Enc("~/x"),
        "99999999999999999999", "-1", "NaN", "1e309", "0x10", Enc(" "), "", "%", "%zz",
    ];

    private static string Enc(string s) => Uri.EscapeDataString(s);

    [Fact]
    public async Task No_get_endpoint_answers_5xx_to_hostile_input()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>() is not { } m || m.HttpMethods.Contains("GET"))
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()
            .ToList();
        Assert.Contains("/api/search/suggest", routes);
        Assert.Contains("/culture/{name}", routes);
        Assert.Contains("/a/{slug}", routes);
        // Plus paths no endpoint maps: static files, media, the status pages.
        routes.AddRange(["/media/{x}", "/lib/{x}", "/no-such-page/{x}"]);

        var failures = new List<string>();
        var sent = 0;
        foreach (var route in routes)
        {
            foreach (var value in Hostile)
            {
                // Route values hostile, query parameters plain; then the reverse.
                var hostilePath = RouteValue().Replace(route, value.Length == 0 ? "x" : value);
                var plainPath = RouteValue().Replace(route, "cnn");
                foreach (var url in new[] { hostilePath, plainPath + "?" + string.Join('&', QueryNames.Select(n => n + "=" + value)) })
                {
                    // The test client refuses a path holding NUL before sending it (Kestrel answers such a request line 400 itself).
                    if (url.Split('?')[0].Contains("%00", StringComparison.Ordinal)) { continue; }
                    var response = await client.GetAsync(new Uri(url, UriKind.Relative));
                    sent++;
                    if ((int)response.StatusCode >= 500) { failures.Add($"{(int)response.StatusCode} {url[..Math.Min(url.Length, 120)]}"); }
                }
            }
        }
        Assert.True(sent > 500, $"only {sent} requests");
        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("/api/search?q=%EF%BF%BE")]
    [InlineData("/api/search/suggest?q=%EF%BF%BE")]
    [InlineData("/search?q=%EF%BF%BE")]
    [InlineData("/search?q=BN%EF%BF%BE%E7%9A%84%E4%BD%9C%E7%94%A8")]
    public async Task A_noncharacter_in_a_query_is_a_separator(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/%09/x")]
    [InlineData("/%0D%0A/x")]
    [InlineData("//evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("%EF%BF%BE")]
    public async Task Culture_switch_falls_back_to_home_for_a_non_local_return_url(string returnUrl)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync("/culture/en?returnUrl=" + returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteValue();
}
