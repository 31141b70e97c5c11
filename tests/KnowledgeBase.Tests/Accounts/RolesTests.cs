using System.Net;
using System.Net.Http.Json;
using KnowledgeBase.Accounts;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Accounts;

/// <summary>Each role (and nobody) against the admin page, <c>/api/me</c> and the admin API.</summary>
public sealed class RolesTests : IClassFixture<AccountsApp>
{
    private readonly AccountsApp _app;

    public RolesTests(AccountsApp app) => _app = app;

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    [Theory]
    [InlineData(Roles.Reader)]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Admin)]
    public async Task Api_me_names_the_user_by_cookie_and_by_token(string role)
    {
        var cookieUser = Unique("c-");
        var cookie = await AuthHelper.SignedInClientAsync(_app.Factory, cookieUser, role);
        Assert.Equal(new Me(cookieUser, role, "cookie"), await cookie.GetFromJsonAsync<Me>("/api/me"));

        var tokenUser = Unique("t-");
        var token = AuthHelper.TokenClient(_app.Factory, tokenUser, role);
        Assert.Equal(new Me(tokenUser, role, "token"), await token.GetFromJsonAsync<Me>("/api/me"));
    }

    [Fact]
    public async Task Api_me_without_sign_in_or_with_a_bad_token_is_401_problem_json()
    {
        using var anonymous = await AuthHelper.AnonymousClient(_app.Factory).GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);

        using var bad = await AuthHelper.BearerClient(_app.Factory, "kb_not-a-token").GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(Roles.Reader, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Editor, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Admin, HttpStatusCode.OK)]
    public async Task Admin_page_is_for_admins_only(string role, HttpStatusCode expected)
    {
        var client = await AuthHelper.SignedInClientAsync(_app.Factory, Unique("u-"), role);
        using var response = await client.GetAsync("/admin/users");
        Assert.Equal(expected, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(expected == HttpStatusCode.OK ? "<h1>用户管理</h1>" : "<h1>没有权限</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_page_sends_the_anonymous_and_token_holders_to_sign_in()
    {
        using var anonymous = await AuthHelper.AnonymousClient(_app.Factory).GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=%2Fadmin%2Fusers", anonymous.Headers.Location?.PathAndQuery);

        // Pages go by the cookie: even an admin's API token does not open them.
        using var token = await AuthHelper.TokenClient(_app.Factory, Unique("a-"), Roles.Admin).GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, token.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Reader, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Editor, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Admin, HttpStatusCode.Created)]
    public async Task Users_api_write_needs_an_admin_token(string role, HttpStatusCode expected)
    {
        var client = AuthHelper.TokenClient(_app.Factory, Unique("t-"), role);
        var name = Unique("new-");
        using var response = await client.PostAsJsonAsync("/api/users", new { userName = name, role = "editor" });
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Created)
        {
            var created = await response.Content.ReadFromJsonAsync<NewUserResponse>();
            Assert.Equal(name, created!.UserName);
            Assert.Equal("editor", created.Role);
            // The generated password works.
            using var signIn = await AuthHelper.SignInAsync(AuthHelper.AnonymousClient(_app.Factory), name, created.Password!);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }
        else
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Users_api_write_with_an_admin_cookie_alone_is_401()
    {
        var client = await AuthHelper.SignedInClientAsync(_app.Factory, Unique("a-"), Roles.Admin);
        using var response = await client.PostAsJsonAsync("/api/users", new { userName = Unique("x-"), role = "admin" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"userName": "", "role": "reader"}""", "userName")]
    [InlineData("""{"userName": "a b", "role": "reader"}""", "userName")]
    [InlineData("""{"userName": "ok-name", "role": "root"}""", "role")]
    [InlineData("""{"userName": "ok-name", "password": "short"}""", "password")]
    public async Task Users_api_names_the_bad_field(string json, string field)
    {
        var client = AuthHelper.TokenClient(_app.Factory, Unique("a-"), Roles.Admin);
        using var response = await client.PostAsync("/api/users", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    public async Task Users_api_malformed_body_is_400_problem_json(string json)
    {
        var client = AuthHelper.TokenClient(_app.Factory, Unique("a-"), Roles.Admin);
        using var response = await client.PostAsync("/api/users", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
