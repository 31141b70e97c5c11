using KnowledgeBase.Hosting;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Accounts;

/// <summary><c>create-admin NAME</c> and <c>create-token USER</c>.</summary>
internal static class AccountsCli
{
    public const string PasswordVariable = "KB_ADMIN_PASSWORD";

    public static readonly CliCommand[] Commands =
    [
        new("create-admin", $"create-admin NAME   (password from ${PasswordVariable}, else asked on the terminal)", 1,
            s => s.AddAccounts(), CreateAdminAsync),
        new("create-token", "create-token USER   (prints a new API token for USER)", 1, s => s.AddAccounts(), CreateTokenAsync),
    ];

    private static async Task<int> CreateAdminAsync(CliContext c)
    {
        var name = c.Args[0];
        var users = c.Services.GetRequiredService<UserStore>();
        var minLength = c.Services.GetRequiredService<IOptions<AccountsOptions>>().Value.MinPasswordLength;
        if (AccountRules.CheckUserName(name) is { } badName) { return await FailAsync(c, badName); }
        if (users.FindByName(name) is not null) { return await FailAsync(c, $"a user named '{name}' exists; change roles on /admin/users"); }

        var password = c.Console.Environment(PasswordVariable);
        if (string.IsNullOrEmpty(password))
        {
            password = c.Console.ReadSecret("Password: ");
            if (AccountRules.CheckPassword(password, minLength) is null && c.Console.ReadSecret("Password again: ") != password)
            {
                return await FailAsync(c, "the passwords differ");
            }
        }
        if (AccountRules.CheckPassword(password, minLength) is { } badPassword) { return await FailAsync(c, badPassword); }
        if (users.Create(name, Roles.Admin, password!) is null) { return await FailAsync(c, $"a user named '{name}' exists"); }
        await c.Console.Out.WriteLineAsync($"Created admin '{name}'.");
        return 0;
    }

    private static async Task<int> CreateTokenAsync(CliContext c)
    {
        var user = c.Services.GetRequiredService<UserStore>().FindByName(c.Args[0]);
        if (user is null || user.Disabled) { return await FailAsync(c, $"no enabled user named '{c.Args[0]}'"); }
        var (_, token) = c.Services.GetRequiredService<ApiTokenStore>().Create(user.Id, $"command line {DateTime.UtcNow:yyyy-MM-dd HH:mm}");
        // Only the token on standard output, so a script can capture it: TOKEN=$(dotnet KnowledgeBase.dll create-token bot)
        await c.Console.Out.WriteLineAsync(token);
        return 0;
    }

    private static async Task<int> FailAsync(CliContext c, string message)
    {
        await c.Console.Error.WriteLineAsync(message);
        return 1;
    }
}
