using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Dapper;
using KnowledgeBase.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Accounts;

public sealed class AccountUser
{
    public long Id { get; set; }
    public string UserName { get; set; } = "";
    public string Role { get; set; } = Roles.Reader;
    public string PasswordHash { get; set; } = "";
    public bool Disabled { get; set; }
    public long? LockedUntil { get; set; }
    public string SecurityStamp { get; set; } = "";
    public string Created { get; set; } = "";
}

/// <summary>Why a new password or user name is refused; null when it is fine.</summary>
public static partial class AccountRules
{
    public const int MaxUserName = 64;
    // Bounds the hashing work a single request can cause.
    public const int MaxPassword = 256;

    public static string? CheckUserName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "user name is required"
        : name.Length > MaxUserName ? $"user name is longer than {MaxUserName} characters"
        : !UserNamePattern().IsMatch(name) ? "user name may contain letters (Chinese too), digits, '.', '_', '-' and '@' only"
        : null;

    public static string? CheckPassword(string? password, int minLength) =>
        string.IsNullOrEmpty(password) || password.Length < minLength ? $"password needs at least {minLength} characters"
        : password.Length > MaxPassword ? $"password is longer than {MaxPassword} characters"
        : null;

    [GeneratedRegex(@"^[\p{L}\p{N}._@-]+$")]
    private static partial Regex UserNamePattern();
}

/// <summary>Passwords an admin hands over (a new user, a reset): random, without look-alike characters (0/O, 1/l/I).</summary>
public static class Passwords
{
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string Generate(int minLength) => RandomNumberGenerator.GetString(Alphabet, Math.Max(16, minLength));
}

/// <summary>Users and sign-in checks. Every statement on the <c>users</c> table lives here.</summary>
public sealed class UserStore(Db db, IPasswordHasher<AccountUser> hasher, IOptions<AccountsOptions> options, TimeProvider time)
{
    private const string Columns = """
        id AS Id, user_name AS UserName, role AS Role, password_hash AS PasswordHash, disabled AS Disabled,
        locked_until AS LockedUntil, security_stamp AS SecurityStamp, created AS Created
        """;

    // Verified against when the user name is unknown, so an unknown name costs the same hashing time as a wrong password.
    private readonly Lazy<string> _dummyHash = new(() => hasher.HashPassword(new AccountUser(), RandomNumberGenerator.GetHexString(32)));

    private static string NewStamp() => RandomNumberGenerator.GetHexString(32);

    private string Now() => time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>Creates the user; null when the name is taken.</summary>
    public AccountUser? Create(string userName, string role, string password)
    {
        const string sql = """
            INSERT INTO users (user_name, role, password_hash, security_stamp, created)
            VALUES (@UserName, @Role, @PasswordHash, @Stamp, @Created)
            ON CONFLICT (user_name) DO NOTHING
            """;
        if (!Roles.IsValid(role)) { throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"); }
        using var connection = db.Open();
        var hash = hasher.HashPassword(new AccountUser { UserName = userName }, password);
        var rows = connection.Execute(sql, new { UserName = userName, Role = role, PasswordHash = hash, Stamp = NewStamp(), Created = Now() });
        return rows == 0 ? null : FindByName(userName);
    }

    public AccountUser? FindByName(string userName)
    {
        const string sql = $"SELECT {Columns} FROM users WHERE user_name = @userName";
        using var connection = db.Open();
        return connection.QuerySingleOrDefault<AccountUser>(sql, new { userName });
    }

    public AccountUser? FindById(long id)
    {
        const string sql = $"SELECT {Columns} FROM users WHERE id = @id";
        using var connection = db.Open();
        return connection.QuerySingleOrDefault<AccountUser>(sql, new { id });
    }

    public IReadOnlyList<AccountUser> All()
    {
        const string sql = $"SELECT {Columns} FROM users ORDER BY user_name";
        using var connection = db.Open();
        return connection.Query<AccountUser>(sql).AsList();
    }

    public bool AnyAdmin()
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin' AND disabled = 0)";
        using var connection = db.Open();
        return connection.ExecuteScalar<bool>(sql);
    }

    /// <summary>
    /// The user when the name and password match an enabled, unlocked account; null otherwise, whatever the
    /// reason, after the same hashing work. A wrong password counts toward the lockout.
    /// </summary>
    public AccountUser? CheckPassword(string userName, string password)
    {
        var user = AccountRules.CheckUserName(userName) is null && password.Length <= AccountRules.MaxPassword ? FindByName(userName) : null;
        if (user is null)
        {
            hasher.VerifyHashedPassword(new AccountUser(), _dummyHash.Value, password.Length <= AccountRules.MaxPassword ? password : "");
            return null;
        }
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var result = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (user.LockedUntil > now) { return null; }
        if (result == PasswordVerificationResult.Failed)
        {
            RecordFailure(user.Id, now);
            return null;
        }
        if (user.Disabled) { return null; }
        RecordSuccess(user, result == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, password) : null);
        return user;
    }

    private void RecordFailure(long id, long now)
    {
        // Both CASEs read the row as it was before this UPDATE: the failure that reaches the limit locks and restarts the count.
        const string sql = """
            UPDATE users SET
                locked_until = CASE WHEN failed_sign_ins + 1 >= @Max THEN @Until ELSE locked_until END,
                failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= @Max THEN 0 ELSE failed_sign_ins + 1 END
            WHERE id = @Id
            """;
        var o = options.Value;
        using var connection = db.Open();
        connection.Execute(sql, new { Id = id, Max = o.MaxFailedSignIns, Until = now + o.LockoutMinutes * 60L });
    }

    private void RecordSuccess(AccountUser user, string? newHash)
    {
        const string sql = """
            UPDATE users SET failed_sign_ins = 0, locked_until = NULL, password_hash = COALESCE(@NewHash, password_hash)
            WHERE id = @Id
            """;
        using var connection = db.Open();
        connection.Execute(sql, new { user.Id, NewHash = newHash });
    }

    /// <summary>Sets a new password, ends the user's other sign-ins (new stamp) and lifts a lockout.</summary>
    public bool SetPassword(long id, string password)
    {
        const string sql = """
            UPDATE users SET password_hash = @Hash, security_stamp = @Stamp, failed_sign_ins = 0, locked_until = NULL
            WHERE id = @Id
            """;
        using var connection = db.Open();
        return connection.Execute(sql, new { Id = id, Hash = hasher.HashPassword(new AccountUser { Id = id }, password), Stamp = NewStamp() }) == 1;
    }

    public bool SetRole(long id, string role)
    {
        const string sql = "UPDATE users SET role = @role WHERE id = @id";
        if (!Roles.IsValid(role)) { throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"); }
        using var connection = db.Open();
        return connection.Execute(sql, new { id, role }) == 1;
    }

    /// <summary>A disabled user cannot sign in, and their cookies and API tokens stop working at once.</summary>
    public bool SetDisabled(long id, bool disabled)
    {
        const string sql = "UPDATE users SET disabled = @disabled, security_stamp = @stamp WHERE id = @id";
        using var connection = db.Open();
        return connection.Execute(sql, new { id, disabled, stamp = NewStamp() }) == 1;
    }
}
