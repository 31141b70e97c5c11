using System.Net;
using KnowledgeBase.Accounts;
using KnowledgeBase.Data;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Tests.Accounts;

public sealed class BootstrapAdminTests
{
    [Fact]
    public async Task Configured_admin_is_created_at_start_up_and_signs_in()
    {
        using var app = new AccountsApp(new()
        {
            ["KnowledgeBase:BootstrapAdmin:UserName"] = "boss",
            ["KnowledgeBase:BootstrapAdmin:Password"] = "bootstrap password",
        });
        var client = AuthHelper.AnonymousClient(app.Factory);
        using var signIn = await AuthHelper.SignInAsync(client, "boss", "bootstrap password");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task Applied_once_only_while_no_admin_exists()
    {
        using var app = new AccountsApp();
        var db = app.Factory.Services.GetRequiredService<Db>();
        var users = app.Factory.Services.GetRequiredService<UserStore>();

        await Start(db, users, "first", "first password");
        Assert.Equal(Roles.Admin, users.FindByName("first")?.Role);
        // The admin changed the password since; the configuration still holds the old one.
        users.SetPassword(users.FindByName("first")!.Id, "changed password");

        await Start(db, users, "first", "first password");
        await Start(db, users, "second", "second password");
        Assert.NotNull(users.CheckPassword("first", "changed password"));
        Assert.Null(users.FindByName("second"));
    }

    [Fact]
    public async Task A_short_password_or_a_taken_name_is_not_applied()
    {
        using var app = new AccountsApp();
        var db = app.Factory.Services.GetRequiredService<Db>();
        var users = app.Factory.Services.GetRequiredService<UserStore>();
        await Start(db, users, "boss", "short");
        Assert.Null(users.FindByName("boss"));

        users.Create("boss", Roles.Reader, "reader password");
        await Start(db, users, "boss", "bootstrap password");
        Assert.Equal(Roles.Reader, users.FindByName("boss")!.Role);
        Assert.False(users.AnyAdmin());
    }

    private static Task Start(Db db, UserStore users, string name, string password)
    {
        var options = Options.Create(new AccountsOptions { BootstrapAdmin = new() { UserName = name, Password = password } });
        return new BootstrapAdmin(db, users, options, NullLogger<BootstrapAdmin>.Instance).StartAsync(CancellationToken.None);
    }
}
