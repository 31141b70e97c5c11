using System.Net;
using KnowledgeBase.Accounts;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Accounts;

public sealed class SignInTests : IDisposable
{
    // Starts now: the client's cookie jar drops cookies whose expiry (set from this clock) is in the real past.
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private readonly AccountsApp _app;

    public SignInTests()
    {
        _app = new AccountsApp();
        _factory = _app.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock)));
    }

    private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _factory;

    public void Dispose() => _app.Dispose();

    private static async Task<string> ErrorOf(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var start = html.IndexOf("class=\"form-error\"", StringComparison.Ordinal);
        Assert.True(start > 0, "no error message on the page");
        return html[start..html.IndexOf("</p>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task Unknown_name_wrong_password_and_disabled_account_get_the_same_answer()
    {
        AuthHelper.CreateUser(_factory, "alice", Roles.Editor);
        var disabled = AuthHelper.CreateUser(_factory, "bob", Roles.Editor);
        _factory.Services.GetRequiredService<UserStore>().SetDisabled(disabled.Id, true);
        var client = AuthHelper.AnonymousClient(_factory);

        using var unknown = await AuthHelper.SignInAsync(client, "nobody", AuthHelper.Password);
        using var wrong = await AuthHelper.SignInAsync(client, "alice", "wrong password");
        using var off = await AuthHelper.SignInAsync(client, "bob", AuthHelper.Password);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
        Assert.Equal(unknown.StatusCode, off.StatusCode);
        Assert.Equal(await ErrorOf(unknown), await ErrorOf(wrong));
        Assert.Equal(await ErrorOf(unknown), await ErrorOf(off));
        Assert.Null(client.DefaultRequestHeaders.Authorization);
    }

    [Fact]
    public async Task User_name_is_case_insensitive_and_sign_in_shows_the_name_in_the_header()
    {
        AuthHelper.CreateUser(_factory, "Carol", Roles.Reader);
        var client = AuthHelper.AnonymousClient(_factory);
        using var response = await AuthHelper.SignInAsync(client, "carol", AuthHelper.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        var home = await client.GetStringAsync("/account/profile");
        Assert.Contains("class=\"account-name\" href=\"/account/profile\">Carol</a>", home, StringComparison.Ordinal);
        // The header's sign-out form carries its antiforgery token.
        var form = home[home.IndexOf("<form method=\"post\" class=\"logout-form\" action=\"/account/logout\">", StringComparison.Ordinal)..];
        Assert.Contains("name=\"__RequestVerificationToken\"", form[..form.IndexOf("</form>", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_for_fifteen_minutes_even_for_the_right_password()
    {
        AuthHelper.CreateUser(_factory, "dave", Roles.Reader);
        var client = AuthHelper.AnonymousClient(_factory);
        for (var i = 0; i < 5; i++)
        {
            using var failed = await AuthHelper.SignInAsync(client, "dave", "wrong " + i);
            Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
        }
        using (var locked = await AuthHelper.SignInAsync(client, "dave", AuthHelper.Password))
        {
            Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        }

        _clock.Advance(TimeSpan.FromMinutes(14));
        using (var stillLocked = await AuthHelper.SignInAsync(client, "dave", AuthHelper.Password))
        {
            Assert.Equal(HttpStatusCode.BadRequest, stillLocked.StatusCode);
        }

        _clock.Advance(TimeSpan.FromMinutes(2));
        using var open = await AuthHelper.SignInAsync(client, "dave", AuthHelper.Password);
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
    }

    [Fact]
    public async Task A_success_resets_the_failure_count()
    {
        AuthHelper.CreateUser(_factory, "erin", Roles.Reader);
        var client = AuthHelper.AnonymousClient(_factory);
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                using var failed = await AuthHelper.SignInAsync(client, "erin", "wrong");
                Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
            }
            using var ok = await AuthHelper.SignInAsync(client, "erin", AuthHelper.Password);
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("http:/evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task Return_url_off_the_site_goes_home(string returnUrl)
    {
        AuthHelper.CreateUser(_factory, "frank", Roles.Reader);
        using var response = await AuthHelper.SignInAsync(AuthHelper.AnonymousClient(_factory), "frank", AuthHelper.Password, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Return_url_on_the_site_is_followed()
    {
        AuthHelper.CreateUser(_factory, "grace", Roles.Reader);
        using var response = await AuthHelper.SignInAsync(AuthHelper.AnonymousClient(_factory), "grace", AuthHelper.Password, "/a/some-article?x=1");
        Assert.Equal("/a/some-article?x=1", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Forms_without_antiforgery_token_are_refused()
    {
        AuthHelper.CreateUser(_factory, "heidi", Roles.Reader);
        var client = AuthHelper.AnonymousClient(_factory);
        await client.GetAsync("/account/login");  // the antiforgery cookie alone is not enough
        using var signIn = await client.PostAsync("/account/login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "heidi", ["Password"] = AuthHelper.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.False(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(AccountsExtensions.CookieName, StringComparison.Ordinal)));

        var admin = await AuthHelper.SignedInClientAsync(_factory, "ivan", Roles.Admin);
        using var add = await admin.PostAsync("/admin/users?handler=Add",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "mallory", ["role"] = "admin" }));
        Assert.Equal(HttpStatusCode.BadRequest, add.StatusCode);
        Assert.Null(_factory.Services.GetRequiredService<UserStore>().FindByName("mallory"));

        using var logout = await admin.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/account/profile")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var client = await AuthHelper.SignedInClientAsync(_factory, "judy", Roles.Reader);
        using var logout = await AuthHelper.PostFormAsync(client, "/account/logout", []);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        using var profile = await client.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, profile.StatusCode);
    }

    [Fact]
    public async Task Sign_in_cookie_is_http_only_lax_and_secure_over_https()
    {
        AuthHelper.CreateUser(_factory, "ken", Roles.Reader);
        using var http = await AuthHelper.SignInAsync(AuthHelper.AnonymousClient(_factory), "ken", AuthHelper.Password);
        var cookie = http.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AccountsExtensions.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie.Replace("samesite", "", StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);

        var httpsClient = _factory.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        using var https = await AuthHelper.SignInAsync(httpsClient, "ken", AuthHelper.Password);
        Assert.Equal(HttpStatusCode.Redirect, https.StatusCode);
        var secure = https.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AccountsExtensions.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("; secure", secure, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Forwarded_proto_from_an_unknown_proxy_is_ignored()
    {
        AuthHelper.CreateUser(_factory, "leo", Roles.Reader);
        var client = AuthHelper.AnonymousClient(_factory);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        using var response = await AuthHelper.SignInAsync(client, "leo", AuthHelper.Password);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AccountsExtensions.CookieName + "=", StringComparison.Ordinal));
        Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_session_and_a_password_reset_ends_other_sessions()
    {
        var user = AuthHelper.CreateUser(_factory, "mike", Roles.Editor);
        var first = AuthHelper.AnonymousClient(_factory);
        (await AuthHelper.SignInAsync(first, "mike", AuthHelper.Password)).Dispose();
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/account/profile")).StatusCode);

        var users = _factory.Services.GetRequiredService<UserStore>();
        users.SetPassword(user.Id, "a brand new password");
        Assert.Equal(HttpStatusCode.Redirect, (await first.GetAsync("/account/profile")).StatusCode);

        var second = AuthHelper.AnonymousClient(_factory);
        (await AuthHelper.SignInAsync(second, "mike", "a brand new password")).Dispose();
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/account/profile")).StatusCode);
        users.SetDisabled(user.Id, true);
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/account/profile")).StatusCode);
    }
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
