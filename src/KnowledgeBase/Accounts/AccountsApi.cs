using System.Security.Claims;
using KnowledgeBase.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Accounts;

/// <summary>Who a request is signed in as, how (token or cookie), and with which role.</summary>
internal sealed record Me(string UserName, string Role, string Via);

/// <summary><c>POST /api/users</c>: a new user; without a password one is generated and returned once.</summary>
internal sealed record NewUserRequest(string? UserName, string? Role, string? Password);

internal sealed record NewUserResponse(long Id, string UserName, string Role, string? Password);

internal static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Accounts");
        group.MapGet("/me", GetMe).RequireAuthorization(AuthPolicies.ApiReader);
        // Provisioning for scripts: an admin's API token, never a cookie.
        group.MapPost("/users", CreateUser).RequireAuthorization(AuthPolicies.ApiAdmin);
        return group;
    }

    private static Ok<Me> GetMe(ClaimsPrincipal user) =>
        TypedResults.Ok(new Me(user.Identity!.Name!, user.Role() ?? Roles.Reader,
            user.Identity.AuthenticationType == AuthPolicies.TokenScheme ? "token" : "cookie"));

    private static Results<Created<NewUserResponse>, ValidationProblem, ProblemHttpResult> CreateUser(
        NewUserRequest? body, UserStore users, IOptions<AccountsOptions> options)
    {
        if (body is null) { return Problems.Invalid("$", "Body required", "Send {\"userName\": …, \"role\": …}."); }
        if (AccountRules.CheckUserName(body.UserName) is { } badName) { return Problems.Invalid("userName", "Invalid user name", badName); }
        var role = body.Role ?? Roles.Reader;
        if (!Roles.IsValid(role)) { return Problems.Invalid("role", "Invalid role", $"role is one of {string.Join(", ", Roles.All)}"); }
        var generated = string.IsNullOrEmpty(body.Password);
        var password = generated ? Passwords.Generate(options.Value.MinPasswordLength) : body.Password!;
        if (AccountRules.CheckPassword(password, options.Value.MinPasswordLength) is { } badPassword) { return Problems.Invalid("password", "Invalid password", badPassword); }
        var user = users.Create(body.UserName!, role, password);
        if (user is null) { return Problems.Field(StatusCodes.Status409Conflict, "userName", "User exists", $"A user named '{body.UserName}' exists."); }
        return TypedResults.Created("/api/me", new NewUserResponse(user.Id, user.UserName, user.Role, generated ? password : null));
    }
}
