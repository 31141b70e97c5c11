using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using KnowledgeBase.Accounts;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Accounts;

public sealed partial class AdminUsersTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    private const string Page = "/admin/users";

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private UserStore Users => app.Factory.Services.GetRequiredService<UserStore>();

    private static Task<HttpResponseMessage> Post(HttpClient admin, string handler, Dictionary<string, string> fields) =>
        AuthHelper.PostFormAsync(admin, $"{Page}?handler={handler}", fields, Page);

    private static string Id(AccountUser user) => user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Admin_adds_a_user_with_a_generated_password_that_signs_in()
    {
        var admin = await AuthHelper.SignedInClientAsync(app.Factory, Unique("a-"), Roles.Admin);
        var name = Unique("新人-");
        using var response = await Post(admin, "Add", new() { ["userName"] = name, ["role"] = Roles.Editor, ["password"] = "" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var password = ShownPassword().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.True(password.Length >= 16);
        Assert.Equal(Roles.Editor, Users.FindByName(name)!.Role);

        using var signIn = await AuthHelper.SignInAsync(AuthHelper.AnonymousClient(app.Factory), name, password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Theory]
    [InlineData("", Roles.Reader)]
    [InlineData("has space", Roles.Reader)]
    [InlineData("<script>", Roles.Reader)]
    [InlineData("okname", "root")]
    public async Task Bad_names_and_roles_are_refused(string name, string role)
    {
        var admin = await AuthHelper.SignedInClientAsync(app.Factory, Unique("a-"), Roles.Admin);
        var before = Users.All().Count;
        using var response = await Post(admin, "Add", new() { ["userName"] = name, ["role"] = role });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, Users.All().Count);
    }

    [Fact]
    public async Task A_taken_name_is_refused_whatever_its_case()
    {
        var admin = await AuthHelper.SignedInClientAsync(app.Factory, Unique("a-"), Roles.Admin);
        var existing = AuthHelper.CreateUser(app.Factory, Unique("Taken-"), Roles.Reader);
        using var response = await Post(admin, "Add", new() { ["userName"] = existing.UserName.ToUpperInvariant(), ["role"] = Roles.Admin });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Roles.Reader, Users.FindByName(existing.UserName)!.Role);
    }

    [Fact]
    public async Task A_role_change_applies_to_the_users_open_session_at_once()
    {
        var admin = await AuthHelper.SignedInClientAsync(app.Factory, Unique("a-"), Roles.Admin);
        var name = Unique("r-");
        var user = await AuthHelper.SignedInClientAsync(app.Factory, name, Roles.Reader);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync(Page)).StatusCode);

        using var response = await Post(admin, "Role", new() { ["id"] = Id(Users.FindByName(name)!), ["role"] = Roles.Admin });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Roles.Admin, (await user.GetFromJsonAsync<Me>("/api/me"))!.Role);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync(Page)).StatusCode);
    }

    [Fact]
    public async Task Reset_password_replaces_the_old_one_and_lifts_a_lockout()
    {
        var admin = await AuthHelper.SignedInClientAsync(app.Factory, Unique("a-"), Roles.Admin);
        var user = AuthHelper.CreateUser(app.Factory, Unique("p-"), Roles.Reader);
        var anonymous = AuthHelper.AnonymousClient(app.Factory);
        for (var i = 0; i < 5; i++) { (await AuthHelper.SignInAsync(anonymous, user.UserName, "wrong")).Dispose(); }

        using var reset = await Post(admin, "ResetPassword", new() { ["id"] = Id(user), ["password"] = "the new password" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await AuthHelper.SignInAsync(anonymous, user.UserName, AuthHelper.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AuthHelper.SignInAsync(anonymous, user.UserName, "the new password")).StatusCode);
    }

    [Fact]
    public async Task Disable_refuses_sign_in_and_enable_restores_it()
    {
        var admin = await AuthHelper.SignedInClientAsync(app.Factory, Unique("a-"), Roles.Admin);
        var user = AuthHelper.CreateUser(app.Factory, Unique("d-"), Roles.Editor);
        Assert.Equal(HttpStatusCode.OK, (await Post(admin, "Disable", new() { ["id"] = Id(user) })).StatusCode);
        Assert.True(Users.FindById(user.Id)!.Disabled);
        Assert.Equal(HttpStatusCode.BadRequest, (await AuthHelper.SignInAsync(AuthHelper.AnonymousClient(app.Factory), user.UserName, AuthHelper.Password)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Post(admin, "Enable", new() { ["id"] = Id(user) })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AuthHelper.SignInAsync(AuthHelper.AnonymousClient(app.Factory), user.UserName, AuthHelper.Password)).StatusCode);
    }

    [Fact]
    public async Task An_admin_cannot_demote_or_disable_themselves()
    {
        var name = Unique("a-");
        var admin = await AuthHelper.SignedInClientAsync(app.Factory, name, Roles.Admin);
        var self = Id(Users.FindByName(name)!);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(admin, "Role", new() { ["id"] = self, ["role"] = Roles.Reader })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(admin, "Disable", new() { ["id"] = self })).StatusCode);
        var me = Users.FindByName(name)!;
        Assert.Equal(Roles.Admin, me.Role);
        Assert.False(me.Disabled);
    }

    [Theory]
    [InlineData("Role", "id=999999&role=editor")]
    [InlineData("Disable", "id=abc")]
    [InlineData("ResetPassword", "id=-1")]
    public async Task Unknown_user_ids_are_404_not_500(string handler, string form)
    {
        var admin = await AuthHelper.SignedInClientAsync(app.Factory, Unique("a-"), Roles.Admin);
        var fields = form.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        using var response = await Post(admin, handler, fields);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Change_own_password_on_the_profile_page()
    {
        var name = Unique("c-");
        var client = await AuthHelper.SignedInClientAsync(app.Factory, name, Roles.Reader);
        var other = AuthHelper.AnonymousClient(app.Factory);
        (await AuthHelper.SignInAsync(other, name, AuthHelper.Password)).Dispose();

        using var wrongCurrent = await AuthHelper.PostFormAsync(client, "/account/profile?handler=Password",
            new() { ["currentPassword"] = "nope", ["newPassword"] = "another password", ["confirmPassword"] = "another password" }, "/account/profile");
        Assert.Equal(HttpStatusCode.BadRequest, wrongCurrent.StatusCode);
        using var mismatch = await AuthHelper.PostFormAsync(client, "/account/profile?handler=Password",
            new() { ["currentPassword"] = AuthHelper.Password, ["newPassword"] = "another password", ["confirmPassword"] = "different" }, "/account/profile");
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);

        using var changed = await AuthHelper.PostFormAsync(client, "/account/profile?handler=Password",
            new() { ["currentPassword"] = AuthHelper.Password, ["newPassword"] = "another password", ["confirmPassword"] = "another password" }, "/account/profile");
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        // This browser stays signed in; the other one is signed out.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/account/profile")).StatusCode);
    }

    [GeneratedRegex("<code id=\"new-password\">([^<]+)</code>")]
    private static partial Regex ShownPassword();
}
