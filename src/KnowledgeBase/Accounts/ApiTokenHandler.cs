using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Accounts;

/// <summary>
/// <c>Authorization: Bearer kb_…</c>. No header: no result (another scheme may apply). A bad or revoked token,
/// or one of a disabled user: failure, answered 401. The 401/403 bodies are problem+json, written by the
/// status-code middleware for <c>/api</c>.
/// </summary>
internal sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenStore tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryGetBearer(Request, out var token)) { return Task.FromResult(AuthenticateResult.NoResult()); }
        var user = tokens.Authenticate(token);
        if (user is null) { return Task.FromResult(AuthenticateResult.Fail("invalid API token")); }
        var principal = AccountClaims.Principal(user, Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = HasBearer(Request) ? "Bearer error=\"invalid_token\"" : "Bearer";
        return Task.CompletedTask;
    }

    internal static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static bool TryGetBearer(HttpRequest request, out string token)
    {
        var header = request.Headers.Authorization.ToString();
        token = HasBearer(request) ? header["Bearer ".Length..].Trim() : "";
        return token.Length > 0;
    }
}
