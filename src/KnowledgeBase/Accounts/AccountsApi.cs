using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeBase.Accounts;

/// <summary>Who a request is signed in as, how (token or cookie), and with which role.</summary>
internal sealed record Me(string UserName, string Role, string Via);

internal static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Accounts");
        group.MapGet("/me", GetMe).RequireAuthorization(AuthPolicies.ApiReader);
        return group;
    }

    private static Ok<Me> GetMe(ClaimsPrincipal user) =>
        TypedResults.Ok(new Me(user.Identity!.Name!, user.Role() ?? Roles.Reader,
            user.Identity.AuthenticationType == AuthPolicies.TokenScheme ? "token" : "cookie"));
}
