using System.Net;
using System.Text.RegularExpressions;
using KnowledgeBase.Accounts;
using KnowledgeBase.Articles;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Editing;

public sealed partial class EditPagesTests : IDisposable
{
    private readonly EditingHost _host = new();

    private ArticleStore Store => _host.Factory.Services.GetRequiredService<ArticleStore>();

    private static Dictionary<string, string> Form(string markdown, long? baseRevision, string title = "池化反向传播", string slug = "pooling") => new()
    {
        ["NewSlug"] = slug, ["Title"] = title, ["Category"] = "cnn", ["Tags"] = "池化, pooling", ["Keywords"] = "",
        ["Difficulty"] = "2", ["Markdown"] = markdown, ["Message"] = "网页修改", ["BaseRevision"] = baseRevision?.ToString() ?? "",
    };

    [Fact]
    public async Task An_editor_saves_through_the_form_and_the_article_search_and_practice_show_it_at_once()
    {
        var client = await AuthHelper.SignedInClientAsync(_host.Factory, "ed", Roles.Editor);
        // Warm the caches a reader sees.
        var anonymous = AuthHelper.AnonymousClient(_host.Factory);
        Assert.DoesNotContain("独一无二的词", await anonymous.GetStringAsync("/a/pooling"));
        await anonymous.GetStringAsync("/api/practice");

        using var response = await AuthHelper.PostFormAsync(client, "/edit/pooling", Form("## 答案要点\n\n独一无二的词\n", 1));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/a/pooling", response.Headers.Location?.OriginalString);
        Assert.Contains("独一无二的词", await anonymous.GetStringAsync("/a/pooling"));
        Assert.Contains("独一无二的词", await anonymous.GetStringAsync("/api/practice"));
        Assert.Contains("pooling", await anonymous.GetStringAsync("/api/search?q=" + Uri.EscapeDataString("独一无二")));
        var history = await anonymous.GetStringAsync("/history/pooling");
        Assert.Contains("网页修改", history);
        Assert.Contains("ed", history);
    }

    [Fact]
    public async Task A_second_editor_on_an_older_revision_is_refused_sees_the_change_and_keeps_the_text()
    {
        var first = await AuthHelper.SignedInClientAsync(_host.Factory, "甲", Roles.Editor);
        var second = await AuthHelper.SignedInClientAsync(_host.Factory, "乙", Roles.Editor);
        var secondToken = await AuthHelper.AntiforgeryTokenAsync(second, "/edit/pooling");

        using var saved = await AuthHelper.PostFormAsync(first, "/edit/pooling", Form("甲写的答案\n", 1));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var form = Form("乙写的答案\n", 1);
        form["__RequestVerificationToken"] = secondToken;
        using var refused = await second.PostAsync("/edit/pooling", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("乙写的答案", TextArea().Match(html).Groups[1].Value);
        // The other person's change, marked as inserted, above the form.
        var conflict = html[html.IndexOf("edit-conflict", StringComparison.Ordinal)..html.IndexOf("id=\"edit-form\"", StringComparison.Ordinal)];
        Assert.Matches("<ins>[^<]*甲", conflict);
        Assert.Contains("甲写的答案", Regex.Replace(conflict, "<[^>]+>", ""));
        Assert.Contains("value=\"2\"", BaseRevision().Match(html).Value);
        Assert.Contains("甲写的答案", Store.Get("pooling")!.Markdown);
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_token_is_rejected()
    {
        var client = await AuthHelper.SignedInClientAsync(_host.Factory, "ed", Roles.Editor);
        using var response = await client.PostAsync("/edit/pooling", new FormUrlEncodedContent(Form("伪造\n", 1)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("伪造", Store.Get("pooling")!.Markdown);
    }

    /// <summary>Every role (and nobody) against each page write; only the allowed ones change anything.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData(Roles.Reader)]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Admin)]
    public async Task Page_writes_by_role(string? role)
    {
        var client = role is null ? AuthHelper.AnonymousClient(_host.Factory) : await AuthHelper.SignedInClientAsync(_host.Factory, "u-" + role, role);
        var editor = role is Roles.Editor or Roles.Admin;
        var admin = role is Roles.Admin;
        // Tokens come from a page the role may see: the sign-in form, which every role may open.
        var token = await AuthHelper.AntiforgeryTokenAsync(client, AccountsExtensions.LoginPath);

        async Task<HttpStatusCode> Post(string path, Dictionary<string, string> fields)
        {
            fields["__RequestVerificationToken"] = token;
            using var r = await client.PostAsync(path, new FormUrlEncodedContent(fields));
            return r.StatusCode;
        }

        var expectedDenied = role is null ? HttpStatusCode.Redirect : HttpStatusCode.Forbidden;
        var edit = await Post("/edit/pooling", Form("改了\n", 1));
        Assert.Equal(editor ? HttpStatusCode.Redirect : expectedDenied, edit);
        Assert.Equal(editor, Store.Get("pooling")!.Markdown == "改了\n");

        var created = await Post("/new", Form("新的\n", null, "新文章", "brand-new"));
        Assert.Equal(editor ? HttpStatusCode.Redirect : expectedDenied, created);
        Assert.Equal(editor, Store.Get("brand-new") is not null);

        var restore = await Post("/edit/pooling?handler=Restore&revision=1", []);
        Assert.Equal(editor ? HttpStatusCode.Redirect : expectedDenied, restore);

        var delete = await Post("/edit/three?handler=Delete", []);
        Assert.Equal(editor ? HttpStatusCode.Redirect : expectedDenied, delete);
        Assert.Equal(editor, Store.Get("three") is null);

        var category = await Post("/admin/categories?handler=Save", new() { ["slug"] = "gan", ["name"] = "生成对抗网络" });
        Assert.Equal(admin ? HttpStatusCode.Redirect : expectedDenied, category);
        Assert.Equal(admin, Store.Category("gan") is not null);

        if (editor)
        {
            var trashed = Assert.Single(_host.Revisions.TrashItems());
            var restoreTrash = await Post($"/admin/trash?handler=Restore&id={trashed.Id}", []);
            Assert.Equal(admin ? HttpStatusCode.Redirect : HttpStatusCode.Forbidden, restoreTrash);
            Assert.Equal(admin, Store.Get("three") is not null);
        }
    }

    [Fact]
    public async Task A_renamed_article_redirects_from_its_old_url()
    {
        var client = await AuthHelper.SignedInClientAsync(_host.Factory, "ed", Roles.Editor);
        var form = Form("正文\n", 1, slug: "max-pooling-backprop");
        using var response = await AuthHelper.PostFormAsync(client, "/edit/pooling", form);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        Assert.Equal("/a/max-pooling-backprop", response.Headers.Location?.OriginalString);

        using var old = await AuthHelper.AnonymousClient(_host.Factory).GetAsync("/a/pooling");
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal("/a/max-pooling-backprop", old.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task History_diff_and_changes_show_revisions_to_readers()
    {
        Assert.IsType<KnowledgeBase.Editing.EditResult.Saved>(_host.Editor.Save("pooling", EditingHost.Fields("池化反向传播", "## 答案要点\n\n最大池化把梯度传到最大值的位置。\n"), 1, "alice", "改一个字"));
        var client = AuthHelper.AnonymousClient(_host.Factory);

        var diff = await client.GetStringAsync("/diff/pooling?from=1&to=2");
        Assert.Contains("<del>给</del>", diff);
        Assert.Contains("<ins>到</ins>", diff);
        Assert.Contains("改一个字", await client.GetStringAsync("/changes"));
        Assert.Contains("/changes", await client.GetStringAsync("/"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/diff/pooling?from=1&to=99")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/diff/pooling?from=x&to=2")).StatusCode);
    }

    [Fact]
    public async Task Uploads_accept_images_by_their_bytes_only()
    {
        var client = await AuthHelper.SignedInClientAsync(_host.Factory, "ed", Roles.Editor);
        var token = await AuthHelper.AntiforgeryTokenAsync(client, "/edit/pooling");

        async Task<HttpResponseMessage> Upload(byte[] bytes, string name)
        {
            var content = new MultipartFormDataContent
            {
                { new ByteArrayContent(bytes), "file", name },
                { new StringContent("cnn"), "category" },
            };
            var request = new HttpRequestMessage(HttpMethod.Post, "/edit/pooling?handler=Upload") { Content = content };
            request.Headers.Add("RequestVerificationToken", token);
            return await client.SendAsync(request);
        }

        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        using var ok = await Upload(png, "../../evil.png");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var url = System.Text.Json.JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString()!;
        Assert.Matches("^/media/cnn/upload-[0-9a-f]{16}\\.png$", url);
        using var served = await AuthHelper.AnonymousClient(_host.Factory).GetAsync(url);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await served.Content.ReadAsByteArrayAsync());

        using var svg = await Upload("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray(), "x.png");
        Assert.Equal(HttpStatusCode.BadRequest, svg.StatusCode);
    }

    [Fact]
    public async Task Admins_see_import_conflicts_trash_and_categories_and_editors_do_not()
    {
        Assert.IsType<KnowledgeBase.Editing.EditResult.Saved>(_host.Editor.Save("pooling", EditingHost.Fields("池化反向传播", "浏览器版本\n"), 1, "alice", null));
        _host.Write("cnn/pooling.md", "---\ntitle: 池化反向传播\n---\n文件版本\n");
        _host.Reimport();
        Assert.IsType<KnowledgeBase.Editing.EditResult.Saved>(_host.Editor.Delete("three", null, "alice"));

        var admin = await AuthHelper.SignedInClientAsync(_host.Factory, "boss", Roles.Admin);
        var conflicts = await admin.GetStringAsync("/admin/conflicts");
        Assert.Contains("/diff/pooling?from=2&to=3", conflicts);
        Assert.Contains("three", await admin.GetStringAsync("/admin/trash"));
        Assert.Contains("卷积", await admin.GetStringAsync("/admin/categories"));
        // Both versions are kept: the browser's is the article, the file's is revision 3.
        Assert.Contains("浏览器版本", Store.Get("pooling")!.Markdown);
        Assert.Contains("文件版本", _host.Revisions.Get("pooling", 3)!.Text);

        var editor = await AuthHelper.SignedInClientAsync(_host.Factory, "ed", Roles.Editor);
        foreach (var path in new[] { "/admin/conflicts", "/admin/trash", "/admin/categories" })
        {
            using var response = await editor.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [GeneratedRegex("<textarea[^>]*>([^<]*)</textarea>")]
    private static partial Regex TextArea();

    [GeneratedRegex("<input[^>]*name=\"BaseRevision\"[^>]*>")]
    private static partial Regex BaseRevision();

    public void Dispose() => _host.Dispose();
}
