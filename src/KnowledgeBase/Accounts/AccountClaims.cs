using System.Globalization;
using System.Security.Claims;

namespace KnowledgeBase.Accounts;

/// <summary>The claims a signed-in user carries, and reading them back.</summary>
public static class AccountClaims
{
    public const string Stamp = "kb:stamp";

    public static ClaimsPrincipal Principal(AccountUser user, string scheme, bool withStamp = false)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.UserName),
            new(ClaimTypes.Role, user.Role),
        ];
        if (withStamp) { claims.Add(new Claim(Stamp, user.SecurityStamp)); }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The signed-in user's id, or null for an anonymous request.</summary>
    public static long? UserId(this ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static string? Role(this ClaimsPrincipal principal) => principal.FindFirstValue(ClaimTypes.Role);
}
