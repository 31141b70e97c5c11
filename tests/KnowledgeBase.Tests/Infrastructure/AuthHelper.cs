using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using KnowledgeBase.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Infrastructure;

/// <summary>
/// Users and signed-in clients for tests that change state (own <see cref="KbFactory"/>, or one made with
/// <see cref="WithSettings"/>). A cookie client follows
/// no redirects, so a test sees the 302 to the sign-in page; <see cref="PostFormAsync"/> fetches the form page
/// first and sends its antiforgery token along, as a browser would.
/// </summary>
public static partial class AuthHelper
{
    public const string Password = "correct horse battery staple";

    /// <summary>The factory's app with more configuration (e.g. <c>KnowledgeBase:RequireSignInToRead</c>); disposed with it.</summary>
    public static WebApplicationFactory<Program> WithSettings(this WebApplicationFactory<Program> factory, Dictionary<string, string?> settings) =>
        factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings)));

    public static AccountUser CreateUser(WebApplicationFactory<Program> factory, string userName, string role, string password = Password) =>
        factory.Services.GetRequiredService<UserStore>().Create(userName, role, password)
        ?? throw new InvalidOperationException($"user {userName} exists");

    /// <summary>A client that keeps cookies and does not follow redirects, signed in by nobody.</summary>
    public static HttpClient AnonymousClient(WebApplicationFactory<Program> factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Creates a user with the role and signs them in through the sign-in form.</summary>
    public static async Task<HttpClient> SignedInClientAsync(WebApplicationFactory<Program> factory, string userName, string role)
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
    public static HttpClient TokenClient(WebApplicationFactory<Program> factory, string userName, string role)
    {
        var user = CreateUser(factory, userName, role);
        return BearerClient(factory, CreateToken(factory, user.Id));
    }

    public static string CreateToken(WebApplicationFactory<Program> factory, long userId) =>
        factory.Services.GetRequiredService<ApiTokenStore>().Create(userId, "test").Token;

    public static HttpClient BearerClient(WebApplicationFactory<Program> factory, string token)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// GETs the form's page (<paramref name="formPage"/>, else <paramref name="path"/>), then posts
    /// <paramref name="fields"/> to <paramref name="path"/> with the page's antiforgery token (the client's cookies
    /// carry the matching cookie token). For a named handler: <c>PostFormAsync(c, "/x?handler=Save", fields, "/x")</c>.
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields, string? formPage = null)
    {
        var token = await AntiforgeryTokenAsync(client, formPage ?? path);
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
