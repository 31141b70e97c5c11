using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using KnowledgeBase.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Infrastructure;

/// <summary>
/// Users and signed-in clients for tests that change state (own <see cref="KbFactory"/>). A cookie client follows
/// no redirects, so a test sees the 302 to the sign-in page; <see cref="PostFormAsync"/> fetches the form page
/// first and sends its antiforgery token along, as a browser would.
/// </summary>
public static partial class AuthHelper
{
    public const string Password = "correct horse battery staple";

    public static AccountUser CreateUser(KbFactory factory, string userName, string role, string password = Password) =>
        factory.Services.GetRequiredService<UserStore>().Create(userName, role, password)
        ?? throw new InvalidOperationException($"user {userName} exists");

    /// <summary>A client that keeps cookies and does not follow redirects, signed in by nobody.</summary>
    public static HttpClient AnonymousClient(KbFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Creates a user with the role and signs them in through the sign-in form.</summary>
    public static async Task<HttpClient> SignedInClientAsync(KbFactory factory, string userName, string role)
    {
        CreateUser(factory, userName, role);
        var client = AnonymousClient(factory);
        using var response = await SignInAsync(client, userName, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Posts the sign-in form (with its antiforgery token); the response is a 302 on success.</summary>
    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password, string? returnUrl = null) =>
        PostFormAsync(client, returnUrl is null ? AccountsExtensions.LoginPath : $"{AccountsExtensions.LoginPath}?returnUrl={Uri.EscapeDataString(returnUrl)}",
            new() { ["UserName"] = userName, ["Password"] = password });

    /// <summary>Creates a user with the role and an API token; the client sends it as <c>Authorization: Bearer</c>.</summary>
    public static HttpClient TokenClient(KbFactory factory, string userName, string role)
    {
        var user = CreateUser(factory, userName, role);
        return BearerClient(factory, CreateToken(factory, user.Id));
    }

    public static string CreateToken(KbFactory factory, long userId) =>
        factory.Services.GetRequiredService<ApiTokenStore>().Create(userId, "test").Token;

    public static HttpClient BearerClient(KbFactory factory, string token)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// GETs the page at <paramref name="path"/>, then posts <paramref name="fields"/> to the same URL with the
    /// page's antiforgery token (the client's cookies carry the matching cookie token).
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields)
    {
        var token = await AntiforgeryTokenAsync(client, path);
        fields["__RequestVerificationToken"] = token;
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>The antiforgery token of the first form on the page.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"no antiforgery token on {path}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
