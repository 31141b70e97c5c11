using System.Net;
using KnowledgeBase.Accounts;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace KnowledgeBase.Tests.Accounts;

/// <summary>The shipped content behind <c>RequireSignInToRead</c>.</summary>
public sealed class PrivateWiki : IDisposable
{
    private readonly KbFactory _root = new();

    public PrivateWiki() => Factory = _root.WithSettings(new() { ["KnowledgeBase:RequireSignInToRead"] = "true" });

    public WebApplicationFactory<Program> Factory { get; }

    public void Dispose() => _root.Dispose();
}

public sealed class PrivateWikiTests(PrivateWiki wiki) : IClassFixture<PrivateWiki>
{
    private const string Article = "/a/rnn-lstm-gru-params";
    private const string Image = "/media/trees/img/tree-growth.svg";

    public static TheoryData<string> Pages => new() { "/", Article, "/c/params", "/search?q=lstm", "/practice", "/calc", "/no-such-page", Image };
    public static TheoryData<string> Apis => new() { "/api/articles", "/api/articles/rnn-lstm-gru-params", "/api/search?q=lstm", "/api/me" };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Anonymous_pages_redirect_to_sign_in(string path)
    {
        using var response = await AuthHelper.AnonymousClient(wiki.Factory).GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(AccountsExtensions.LoginPath + "?ReturnUrl=" + Uri.EscapeDataString(path), response.Headers.Location?.PathAndQuery);
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task Anonymous_api_is_401_problem_json(string path)
    {
        using var response = await AuthHelper.AnonymousClient(wiki.Factory).GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/account/login")]
    [InlineData("/css/site.css")]
    [InlineData("/js/theme.js")]
    public async Task Probes_sign_in_page_and_its_assets_stay_open(string path)
    {
        using var response = await AuthHelper.AnonymousClient(wiki.Factory).GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Signed_in_reader_reads_pages_images_and_api()
    {
        var client = await AuthHelper.SignedInClientAsync(wiki.Factory, "reader-" + Guid.NewGuid().ToString("N")[..6], Roles.Reader);
        foreach (var path in new[] { "/", Article, Image, "/api/articles", "/api/search?q=lstm" })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Reader_token_reads_the_api()
    {
        var client = AuthHelper.TokenClient(wiki.Factory, "bot-" + Guid.NewGuid().ToString("N")[..6], Roles.Reader);
        using var response = await client.GetAsync("/api/articles/rnn-lstm-gru-params");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

/// <summary>The default: anonymous readers see everything, nothing asks them to sign in.</summary>
[Collection(ContentHost.Name)]
public sealed class PublicWikiTests(KbFactory factory)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/a/rnn-lstm-gru-params")]
    [InlineData("/media/trees/img/tree-growth.svg")]
    [InlineData("/api/articles")]
    public async Task Anonymous_reads(string path)
    {
        using var response = await AuthHelper.AnonymousClient(factory).GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Header_offers_sign_in_with_a_return_url()
    {
        var html = await AuthHelper.AnonymousClient(factory).GetStringAsync("/a/rnn-lstm-gru-params");
        Assert.Contains("href=\"/account/login?returnUrl=%2Fa%2Frnn-lstm-gru-params\"", html, StringComparison.Ordinal);
    }
}
