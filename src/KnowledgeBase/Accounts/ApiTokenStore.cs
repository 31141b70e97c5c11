using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using KnowledgeBase.Data;

namespace KnowledgeBase.Accounts;

public sealed class ApiTokenInfo
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Created { get; set; } = "";
    public string? LastUsed { get; set; }
}

/// <summary>Per-user API tokens. Every statement on the <c>api_tokens</c> table lives here.</summary>
public sealed class ApiTokenStore(Db db, TimeProvider time)
{
    public const string Prefix = "kb_";
    public const int MaxName = 100;
    // Longer than any token we issue; a longer header value is refused before it is hashed.
    public const int MaxTokenLength = 100;

    private string Now() => time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>
    /// A new token for the user. The token (256 random bits) is returned once; only its SHA-256 is stored, which is
    /// enough for a secret this long (no salt or slow hash needed: it cannot be guessed from a dictionary).
    /// </summary>
    public (ApiTokenInfo Info, string Token) Create(long userId, string name)
    {
        const string sql = """
            INSERT INTO api_tokens (user_id, name, token_hash, created) VALUES (@userId, @name, @hash, @created)
            RETURNING id AS Id, name AS Name, created AS Created, last_used AS LastUsed
            """;
        var token = Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        using var connection = db.Open();
        var info = connection.QuerySingle<ApiTokenInfo>(sql, new { userId, name, hash = Hash(token), created = Now() });
        return (info, token);
    }

    public IReadOnlyList<ApiTokenInfo> ForUser(long userId)
    {
        const string sql = """
            SELECT id AS Id, name AS Name, created AS Created, last_used AS LastUsed
            FROM api_tokens WHERE user_id = @userId ORDER BY id DESC
            """;
        using var connection = db.Open();
        return connection.Query<ApiTokenInfo>(sql, new { userId }).AsList();
    }

    /// <summary>Deletes one of the user's tokens; false when the user has no such token.</summary>
    public bool Revoke(long userId, long tokenId)
    {
        const string sql = "DELETE FROM api_tokens WHERE id = @tokenId AND user_id = @userId";
        using var connection = db.Open();
        return connection.Execute(sql, new { userId, tokenId }) == 1;
    }

    /// <summary>The enabled user a token belongs to, or null; notes when the token was last used (at most once a minute).</summary>
    public AccountUser? Authenticate(string token)
    {
        const string sql = """
            SELECT t.id AS TokenId, u.id AS Id, u.user_name AS UserName, u.role AS Role, u.disabled AS Disabled
            FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = @hash
            """;
        const string touch = """
            UPDATE api_tokens SET last_used = @now WHERE id = @id AND (last_used IS NULL OR last_used < @minuteAgo)
            """;
        if (token.Length is 0 or > MaxTokenLength) { return null; }
        using var connection = db.Open();
        var row = connection.QuerySingleOrDefault<TokenUser>(sql, new { hash = Hash(token) });
        if (row is null || row.Disabled) { return null; }
        var now = time.GetUtcNow();
        connection.Execute(touch, new
        {
            id = row.TokenId,
            now = Now(),
            minuteAgo = now.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        });
        return new AccountUser { Id = row.Id, UserName = row.UserName, Role = row.Role };
    }

    private sealed class TokenUser
    {
        public long TokenId { get; set; }
        public long Id { get; set; }
        public string UserName { get; set; } = "";
        public string Role { get; set; } = "";
        public bool Disabled { get; set; }
    }

    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
