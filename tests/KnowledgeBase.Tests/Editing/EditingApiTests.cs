using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KnowledgeBase.Accounts;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Editing;

public sealed class EditingApiTests : IDisposable
{
    private readonly EditingHost _host = new();

    private static JsonContent Body(string markdown, string title = "池化反向传播", string category = "cnn", string? message = null) =>
        JsonContent.Create(new { title, titleEn = "Pooling", category, tags = new[] { "池化" }, keywords = new[] { "pooling" }, difficulty = 2, markdown, message });

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task An_editor_token_creates_and_updates_with_revisions_and_etags()
    {
        var client = AuthHelper.TokenClient(_host.Factory, "bot", Roles.Editor);

        using var created = await client.PutAsync("/api/articles/new-one", Body("正文\n", message: "first"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        var json = await Json(created);
        Assert.Equal(1, json.GetProperty("revision").GetInt64());
        Assert.Equal("池化反向传播", json.GetProperty("title").GetString());

        var put = new HttpRequestMessage(HttpMethod.Put, "/api/articles/new-one") { Content = Body("第二版\n") };
        put.Headers.IfMatch.ParseAdd("\"1\"");
        using var updated = await client.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(2, (await Json(updated)).GetProperty("revision").GetInt64());

        var get = await client.GetAsync("/api/articles/new-one");
        Assert.Equal("\"2\"", get.Headers.ETag?.Tag);
        Assert.Equal(2, (await Json(get)).GetProperty("revision").GetInt64());

        var revisions = await client.GetFromJsonAsync<JsonElement>("/api/articles/new-one/revisions");
        Assert.Equal([2L, 1L], revisions.EnumerateArray().Select(r => r.GetProperty("revision").GetInt64()).ToArray());
        Assert.Equal("bot", revisions[0].GetProperty("author").GetString());
        Assert.Equal("first", revisions[1].GetProperty("message").GetString());
    }

    [Fact]
    public async Task If_match_with_an_older_revision_is_412_with_the_current_one_and_nothing_is_overwritten()
    {
        var client = AuthHelper.TokenClient(_host.Factory, "bot", Roles.Editor);
        var first = new HttpRequestMessage(HttpMethod.Put, "/api/articles/pooling") { Content = Body("甲\n") };
        first.Headers.IfMatch.ParseAdd("\"1\"");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(first)).StatusCode);

        var second = new HttpRequestMessage(HttpMethod.Put, "/api/articles/pooling") { Content = Body("乙\n") };
        second.Headers.IfMatch.ParseAdd("\"1\"");
        using var refused = await client.SendAsync(second);

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, (await Json(refused)).GetProperty("revision").GetInt64());
        Assert.Equal("\"2\"", refused.Headers.ETag?.Tag);
        var article = await client.GetFromJsonAsync<JsonElement>("/api/articles/pooling");
        Assert.Equal("甲\n", article.GetProperty("markdown").GetString());
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { "{\"category\":\"cnn\",\"markdown\":\"x\"}", "title" },
        { "{\"title\":\"t\",\"category\":\"nope\",\"markdown\":\"x\"}", "category" },
        { "{\"title\":\"t\",\"category\":\"cnn\",\"markdown\":\"x\",\"difficulty\":7}", "difficulty" },
        { "{\"title\":\"t\",\"category\":\"cnn\"}", "markdown" },
        { "{\"title\":\"t\",\"category\":\"cnn\",\"markdown\":\"x\",\"tags\":[\"a\", 5]}", "tags[1]" },
        { "{\"title\":\"t\",\"category\":\"cnn\",\"markdown\":\"x\",\"tags\":[\"ok\",\"" + new string('长', 101) + "\"]}", "tags[1]" },
        { "{\"title\":", "title" },
        { "[1,2]", "$" },
        { "{\"title\":\"t\",\"category\":\"cnn\",\"markdown\":\"" + string.Concat(Enumerable.Repeat("> ", 300)) + "x\"}", "markdown" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_bodies_are_400_naming_the_field(string body, string field)
    {
        var client = AuthHelper.TokenClient(_host.Factory, "bot", Roles.Editor);
        using var response = await client.PutAsync("/api/articles/x1", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, (await Json(response)).GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a.b")]
    [InlineData("-lead")]
    public async Task Bad_slugs_are_refused(string slug)
    {
        var client = AuthHelper.TokenClient(_host.Factory, "bot", Roles.Editor);
        using var response = await client.PutAsync("/api/articles/" + Uri.EscapeDataString(slug), Body("x\n"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("slug", (await Json(response)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Delete_moves_to_the_trash()
    {
        var client = AuthHelper.TokenClient(_host.Factory, "bot", Roles.Admin);
        using var response = await client.DeleteAsync("/api/articles/three");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/articles/three")).StatusCode);
        Assert.Single(_host.Revisions.TrashItems());
    }

    /// <summary>Every role (and nobody, and a cookie) against each API write: only editors' and admins' tokens write.</summary>
    [Fact]
    public async Task Only_editor_and_admin_tokens_write_through_the_api()
    {
        var anonymous = AuthHelper.AnonymousClient(_host.Factory);
        var cookieEditor = await AuthHelper.SignedInClientAsync(_host.Factory, "cookie-ed", Roles.Editor);
        var reader = AuthHelper.TokenClient(_host.Factory, "r", Roles.Reader);
        var editor = AuthHelper.TokenClient(_host.Factory, "e", Roles.Editor);
        var admin = AuthHelper.TokenClient(_host.Factory, "a", Roles.Admin);
        var revoked = AuthHelper.BearerClient(_host.Factory, "kb_not-a-token");
        var cases = new (HttpClient Client, HttpStatusCode Put, HttpStatusCode Delete, string Slug)[]
        {
            (anonymous, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, "anon"),
            (cookieEditor, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, "cookie"),
            (revoked, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, "bad"),
            (reader, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, "reader"),
            (editor, HttpStatusCode.Created, HttpStatusCode.NoContent, "editor"),
            (admin, HttpStatusCode.Created, HttpStatusCode.NoContent, "admin"),
        };
        foreach (var (client, put, delete, slug) in cases)
        {
            using var putResponse = await client.PutAsync("/api/articles/" + slug, Body("x\n"));
            Assert.True(put == putResponse.StatusCode, $"{slug}: PUT {putResponse.StatusCode}");
            // Anything not allowed to write deletes an article that exists.
            var target = delete == HttpStatusCode.NoContent ? slug : "pooling";
            using var deleteResponse = await client.DeleteAsync("/api/articles/" + target);
            Assert.True(delete == deleteResponse.StatusCode, $"{slug}: DELETE {deleteResponse.StatusCode}");
        }
        Assert.NotNull(_host.Revisions.CurrentNumber("pooling"));
    }

    public void Dispose() => _host.Dispose();
}
