using System.Net;
using System.Net.Http.Json;
using KnowledgeBase.Accounts;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Accounts;

public sealed class RolesTests : IDisposable
{
    private readonly KbFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData(Roles.Reader)]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Admin)]
    public async Task Api_me_names_the_user_by_cookie_and_by_token(string role)
    {
        var cookie = await AuthHelper.SignedInClientAsync(_factory, "c-" + role, role);
        var me = await cookie.GetFromJsonAsync<Me>("/api/me");
        Assert.Equal(new Me("c-" + role, role, "cookie"), me);

        var token = AuthHelper.TokenClient(_factory, "t-" + role, role);
        me = await token.GetFromJsonAsync<Me>("/api/me");
        Assert.Equal(new Me("t-" + role, role, "token"), me);
    }

    [Fact]
    public async Task Api_me_without_sign_in_is_401_problem_json()
    {
        using var response = await AuthHelper.AnonymousClient(_factory).GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        using var bad = await AuthHelper.BearerClient(_factory, "kb_not-a-token").GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }
}
