using System.Net;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Accounts;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Sign_in_posts_beyond_the_limit_get_429_and_pages_stay_open()
    {
        using var app = new AccountsApp(new() { ["KnowledgeBase:SignInPermitLimit"] = "3", ["KnowledgeBase:SignInWindowSeconds"] = "3600" });
        var client = AuthHelper.AnonymousClient(app.Factory);
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await AuthHelper.SignInAsync(client, "nobody", "wrong password");
            Assert.Equal(HttpStatusCode.BadRequest, allowed.StatusCode);
        }
        using var limited = await AuthHelper.SignInAsync(client, "nobody", "wrong password");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null);
        Assert.Contains("<h1>尝试过于频繁</h1>", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Only sign-in posts count: the form itself and other pages still answer.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
