using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace KnowledgeBase.Accounts;

/// <summary>
/// Who may do what. Pages are authorized by the sign-in cookie (a form post also needs its antiforgery
/// token); the API's writes only by an API token (<c>Authorization: Bearer …</c>), so a cookie the browser
/// sends along can never write through the API. Use the constants with <c>RequireAuthorization(...)</c> or
/// <c>[Authorize(Policy = ...)]</c>.
/// </summary>
public static class AuthPolicies
{
    /// <summary>Pages: any signed-in user (every account has at least the reader role).</summary>
    public const string Reader = "reader";

    /// <summary>Pages: editors and admins.</summary>
    public const string Editor = "editor";

    /// <summary>Pages: admins.</summary>
    public const string Admin = "admin";

    /// <summary>API reads that need a user (<c>/api/me</c>): an API token or the sign-in cookie.</summary>
    public const string ApiReader = "api-reader";

    /// <summary>API writes by editors and admins: API token only.</summary>
    public const string ApiEditor = "api-editor";

    /// <summary>API writes by admins: API token only.</summary>
    public const string ApiAdmin = "api-admin";

    /// <summary>The sign-in cookie's scheme.</summary>
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The API token (<c>Authorization: Bearer</c>) scheme.</summary>
    public const string TokenScheme = "ApiToken";

    /// <summary>The default scheme: the token when a request carries one, else the cookie.</summary>
    public const string SelectScheme = "CookieOrToken";

    internal static AuthorizationBuilder AddPolicies(this AuthorizationBuilder auth) =>
        auth.AddPolicy(Reader, p => p.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser())
            .AddPolicy(Editor, p => p.AddAuthenticationSchemes(CookieScheme).RequireRole(Roles.Editor, Roles.Admin))
            .AddPolicy(Admin, p => p.AddAuthenticationSchemes(CookieScheme).RequireRole(Roles.Admin))
            .AddPolicy(ApiReader, p => p.AddAuthenticationSchemes(SelectScheme).RequireAuthenticatedUser())
            .AddPolicy(ApiEditor, p => p.AddAuthenticationSchemes(TokenScheme).RequireRole(Roles.Editor, Roles.Admin))
            .AddPolicy(ApiAdmin, p => p.AddAuthenticationSchemes(TokenScheme).RequireRole(Roles.Admin));

    /// <summary>
    /// For a private wiki (<c>RequireSignInToRead</c>): applies to every endpoint without its own policy and
    /// to requests matching none; the few that must stay open (health probes, sign-in, error pages) are
    /// marked AllowAnonymous.
    /// </summary>
    internal static AuthorizationPolicy SignedIn { get; } = new AuthorizationPolicyBuilder(SelectScheme).RequireAuthenticatedUser().Build();
}
