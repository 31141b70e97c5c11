using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dapper;
using KnowledgeBase.Accounts;
using KnowledgeBase.Data;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Accounts;

public sealed partial class ApiTokenTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Creates a token on the profile page, as a person would, and returns it as shown there.</summary>
    private static async Task<string> CreateTokenOnProfileAsync(HttpClient client)
    {
        using var response = await AuthHelper.PostFormAsync(client, "/account/profile?handler=CreateToken", new() { ["tokenName"] = "script" }, "/account/profile");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var match = ShownToken().Match(await response.Content.ReadAsStringAsync());
        Assert.True(match.Success, "the new token is shown");
        return match.Groups[1].Value;
    }

    [Fact]
    public async Task Token_from_the_profile_page_works_is_shown_once_stored_hashed_and_stops_when_revoked()
    {
        var name = Unique("p-");
        var browser = await AuthHelper.SignedInClientAsync(app.Factory, name, Roles.Editor);
        var token = await CreateTokenOnProfileAsync(browser);

        var bot = AuthHelper.BearerClient(app.Factory, token);
        Assert.Equal(new Me(name, Roles.Editor, "token"), await bot.GetFromJsonAsync<Me>("/api/me"));

        var profile = await browser.GetStringAsync("/account/profile");
        Assert.DoesNotContain(token, profile, StringComparison.Ordinal);
        using (var connection = app.Factory.Services.GetRequiredService<Db>().Open())
        {
            var stored = connection.Query<string>("SELECT token_hash FROM api_tokens").ToList();
            Assert.Contains(ApiTokenStore.Hash(token), stored);
            Assert.DoesNotContain(token, stored);
        }

        var id = RevokeId().Match(profile).Groups[1].Value;
        using var revoke = await AuthHelper.PostFormAsync(browser, "/account/profile?handler=RevokeToken", new() { ["tokenId"] = id }, "/account/profile");
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        using var after = await bot.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Nobody_revokes_another_users_token()
    {
        var owner = AuthHelper.CreateUser(app.Factory, Unique("o-"), Roles.Editor);
        var tokens = app.Factory.Services.GetRequiredService<ApiTokenStore>();
        var (info, token) = tokens.Create(owner.Id, "owner's");

        var other = await AuthHelper.SignedInClientAsync(app.Factory, Unique("x-"), Roles.Admin);
        using var revoke = await AuthHelper.PostFormAsync(other, "/account/profile?handler=RevokeToken",
            new() { ["tokenId"] = info.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/account/profile");
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        using var still = await AuthHelper.BearerClient(app.Factory, token).GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        Assert.Single(tokens.ForUser(owner.Id));
    }

    [Fact]
    public async Task A_disabled_users_token_is_refused_until_enabled_again()
    {
        var user = AuthHelper.CreateUser(app.Factory, Unique("d-"), Roles.Editor);
        var client = AuthHelper.BearerClient(app.Factory, AuthHelper.CreateToken(app.Factory, user.Id));
        var users = app.Factory.Services.GetRequiredService<UserStore>();

        users.SetDisabled(user.Id, true);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        users.SetDisabled(user.Id, false);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Theory]
    [InlineData("kb_")]
    [InlineData("Bearer")]
    [InlineData("kb_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Made_up_tokens_are_401(string token)
    {
        using var response = await AuthHelper.BearerClient(app.Factory, token).GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Overlong_authorization_header_is_401_not_500()
    {
        using var response = await AuthHelper.BearerClient(app.Factory, "kb_" + new string('x', 100_000)).GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>
    /// The API write policies, as the authorization middleware applies them: an editor's token passes ApiEditor,
    /// a reader's is forbidden (403), a cookie is not even looked at (401), whatever its role.
    /// </summary>
    [Theory]
    [InlineData(Roles.Reader, false, "forbidden")]
    [InlineData(Roles.Editor, false, "allowed")]
    [InlineData(Roles.Admin, false, "allowed")]
    [InlineData(Roles.Admin, true, "challenged")]
    public async Task Api_editor_policy_takes_tokens_only(string role, bool cookieOnly, string expected)
    {
        var user = AuthHelper.CreateUser(app.Factory, Unique("e-"), role);
        using var scope = app.Factory.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        if (cookieOnly)
        {
            // A valid sign-in cookie, as the browser would send it.
            var client = AuthHelper.AnonymousClient(app.Factory);
            using var signIn = await AuthHelper.SignInAsync(client, user.UserName, AuthHelper.Password);
            var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AccountsExtensions.CookieName + "=", StringComparison.Ordinal));
            context.Request.Headers.Cookie = cookie[..cookie.IndexOf(';', StringComparison.Ordinal)];
        }
        else
        {
            context.Request.Headers.Authorization = "Bearer " + AuthHelper.CreateToken(app.Factory, user.Id);
        }
        var policy = (await scope.ServiceProvider.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(AuthPolicies.ApiEditor))!;
        var evaluator = scope.ServiceProvider.GetRequiredService<IPolicyEvaluator>();
        var authentication = await evaluator.AuthenticateAsync(policy, context);
        var result = await evaluator.AuthorizeAsync(policy, authentication, context, resource: null);
        Assert.Equal(expected, result.Succeeded ? "allowed" : result.Forbidden ? "forbidden" : "challenged");
    }

    [GeneratedRegex("<code id=\"new-token\">([^<]+)</code>")]
    private static partial Regex ShownToken();

    [GeneratedRegex("name=\"tokenId\" value=\"(\\d+)\"")]
    private static partial Regex RevokeId();
}
