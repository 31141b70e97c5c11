using KnowledgeBase.Accounts;
using KnowledgeBase.Data;
using KnowledgeBase.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Tests.Accounts;

/// <summary><c>create-admin</c> and <c>create-token</c> run in-process through the dispatcher, on a temporary database.</summary>
public sealed class AccountsCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kb-tests", Guid.NewGuid().ToString("N"));
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public AccountsCliTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string ConnectionString => $"Data Source={Path.Combine(_dir, "kb.db")}";

    private Task<int?> Run(string[] args, string? envPassword = null, params string?[] typed)
    {
        var answers = new Queue<string?>(typed);
        var console = new CliConsole(_out, _error, name => name == AccountsCli.PasswordVariable ? envPassword : null,
            _ => answers.Count > 0 ? answers.Dequeue() : throw new InvalidOperationException("asked for a password no test answer was given for"));
        return Cli.TryRunAsync([.. args, $"--ConnectionStrings:KnowledgeBase={ConnectionString}"], console);
    }

    private UserStore Users()
    {
        var options = Options.Create(new AccountsOptions());
        return new UserStore(new Db(ConnectionString), new PasswordHasher<AccountUser>(), options, TimeProvider.System);
    }

    [Fact]
    public async Task Create_admin_takes_the_password_from_the_environment()
    {
        Assert.Equal(0, await Run(["create-admin", "root"], envPassword: "a long enough password"));
        Assert.Contains("root", _out.ToString(), StringComparison.Ordinal);
        var user = Users().CheckPassword("root", "a long enough password");
        Assert.Equal(Roles.Admin, user?.Role);
    }

    [Fact]
    public async Task Create_admin_asks_twice_on_the_terminal()
    {
        Assert.Equal(0, await Run(["create-admin", "管理员"], null, "typed password 1", "typed password 1"));
        Assert.Equal(Roles.Admin, Users().CheckPassword("管理员", "typed password 1")?.Role);
    }

    [Theory]
    [InlineData("first password", "second password")]
    [InlineData("short", null)]
    [InlineData("", null)]
    public async Task Create_admin_refuses_mismatched_or_short_passwords(string first, string? second)
    {
        Assert.Equal(1, await Run(["create-admin", "root"], null, first, second));
        Assert.Null(Users().FindByName("root"));
        Assert.NotEmpty(_error.ToString());
    }

    [Fact]
    public async Task Create_admin_refuses_an_existing_name_and_a_bad_one()
    {
        Assert.Equal(0, await Run(["create-admin", "root"], envPassword: "a long enough password"));
        Assert.Equal(1, await Run(["create-admin", "ROOT"], envPassword: "another long password"));
        Assert.NotNull(Users().CheckPassword("root", "a long enough password"));
        Assert.Equal(1, await Run(["create-admin", "bad name!"], envPassword: "a long enough password"));
    }

    [Fact]
    public async Task Create_token_prints_only_a_working_token()
    {
        Assert.Equal(0, await Run(["create-admin", "root"], envPassword: "a long enough password"));
        _out.GetStringBuilder().Clear();
        Assert.Equal(0, await Run(["create-token", "root"]));
        var token = _out.ToString().Trim();
        Assert.StartsWith(ApiTokenStore.Prefix, token, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', token);
        var user = new ApiTokenStore(new Db(ConnectionString), TimeProvider.System).Authenticate(token);
        Assert.Equal("root", user?.UserName);
    }

    [Fact]
    public async Task Create_token_for_an_unknown_user_fails()
    {
        Assert.Equal(1, await Run(["create-token", "nobody"]));
        Assert.Empty(_out.ToString());
    }

    [Theory]
    [InlineData("create-admin")]
    [InlineData("create-token", "a", "b")]
    public async Task Wrong_argument_count_prints_usage(params string[] args)
    {
        Assert.Equal(2, await Run(args));
        Assert.Contains("usage:", _error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("--urls=http://localhost:5000")]
    [InlineData("serve")]
    public async Task Anything_else_starts_the_web_app(params string[] args) =>
        Assert.Null(await Cli.TryRunAsync(args, new CliConsole(_out, _error, _ => null, _ => null)));
}
