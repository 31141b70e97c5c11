using System.Net;
using KnowledgeBase.Accounts;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Accounts;

/// <summary>X-Forwarded-* from a configured proxy are believed: the scheme (Secure cookie) and the client address (rate limit).</summary>
public sealed class ForwardedHeadersTests
{
    [Fact]
    public async Task A_known_proxy_sets_scheme_and_client_address()
    {
        using var app = new AccountsApp(new()
        {
            ["KnowledgeBase:KnownProxies:0"] = "10.0.0.0/8",
            ["KnowledgeBase:SignInPermitLimit"] = "2",
            ["KnowledgeBase:SignInWindowSeconds"] = "3600",
        });
        // The test server has no connection address; this one is the proxy's.
        var factory = app.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, FromProxy>()));
        AuthHelper.CreateUser(factory, "olivia", Roles.Reader);

        // The proxy says the client came over plain http (the test client's cookie jar would not send a Secure
        // antiforgery cookie over http, so the direction is reversed): the sign-in cookie follows the proxy.
        var https = factory.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        https.DefaultRequestHeaders.Add("X-Forwarded-Proto", "http");
        https.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.1");
        using var signIn = await AuthHelper.SignInAsync(https, "olivia", AuthHelper.Password);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AccountsExtensions.CookieName + "=", StringComparison.Ordinal));
        Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase);

        // 203.0.113.1 used one of its two attempts; 203.0.113.2 has its own two.
        using var first = await AuthHelper.SignInAsync(https, "olivia", "wrong");
        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        using var limited = await AuthHelper.SignInAsync(https, "olivia", "wrong");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);

        var other = AuthHelper.AnonymousClient(factory);
        other.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.2");
        using var allowed = await AuthHelper.SignInAsync(other, "olivia", "wrong");
        Assert.Equal(HttpStatusCode.BadRequest, allowed.StatusCode);
    }

    private sealed class FromProxy : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
