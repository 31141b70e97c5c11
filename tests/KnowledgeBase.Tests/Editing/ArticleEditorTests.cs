using KnowledgeBase.Articles;
using KnowledgeBase.Editing;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Editing;

public sealed class ArticleEditorTests : IDisposable
{
    private readonly EditingHost _host = new();

    private ArticleStore Store => _host.Factory.Services.GetRequiredService<ArticleStore>();

    private long Save(string slug, string markdown, long? expected, string author = "alice", string title = "池化反向传播")
    {
        var result = _host.Editor.Save(slug, EditingHost.Fields(title, markdown), expected, author, "msg");
        return Assert.IsType<EditResult.Saved>(result).Revision;
    }

    [Fact]
    public void Import_records_a_revision_and_a_save_adds_the_next_one()
    {
        var history = _host.Revisions.History("pooling");
        var first = Assert.Single(history);
        Assert.Equal((1L, RevisionKinds.Import), (first.Number, first.Kind));

        var revision = Save("pooling", "## 答案要点\n\n新的答案。\n", expected: 1);

        Assert.Equal(2, revision);
        Assert.Contains("新的答案", Store.Get("pooling")!.Html);
        var top = _host.Revisions.History("pooling")[0];
        Assert.Equal((2L, RevisionKinds.Edit, "alice", "msg"), (top.Number, top.Kind, top.Author, top.Message));
        // The position in the category survives an edit that does not mention it.
        Assert.Contains("order: 5", _host.Revisions.Get("pooling", 2)!.Text);
    }

    [Fact]
    public void An_import_revision_refers_to_its_article_and_keeps_its_text_when_the_article_changes_or_goes()
    {
        const string first = "---\ntitle: 池化反向传播\ntags: [pooling]\norder: 5\n---\n## 答案要点\n\n最大池化把梯度传给最大值的位置。\n";
        const string second = "---\ntitle: 池化反向传播\ntags: [pooling]\norder: 5\n---\n## 答案要点\n\n第二版：平均池化均分梯度。\n";
        string StoredText(long revision)
        {
            using var connection = _host.Factory.Services.GetRequiredService<KnowledgeBase.Data.Db>().Open();
            return Dapper.SqlMapper.ExecuteScalar<object>(connection, "SELECT text FROM revisions WHERE slug = 'pooling' AND revision = @revision", new { revision }) switch
            {
                string s => s,
                byte[] b => $"<{b.Length} bytes>",
                var other => $"{other}",
            };
        }
        // Not a second copy: the article's row holds the file's text.
        Assert.Equal("", StoredText(1));
        Assert.Equal(first, _host.Revisions.Get("pooling", 1)!.Text);
        Assert.Equal(first, _host.Revisions.Current("pooling")!.Text);

        // The file changes: revision 1 keeps the old text, revision 2 refers to the row.
        _host.Write("cnn/pooling.md", second);
        _host.Reimport();
        Assert.NotEqual("", StoredText(1));
        Assert.Equal(first, _host.Revisions.Get("pooling", 1)!.Text);
        Assert.Equal("", StoredText(2));
        Assert.Equal(second, _host.Revisions.Get("pooling", 2)!.Text);

        // An edit in the browser: the import revision keeps the text it was imported with.
        Save("pooling", "浏览器里改的。\n", expected: 2);
        Assert.Equal(second, _host.Revisions.Get("pooling", 2)!.Text);
        Assert.Contains("浏览器里改的", _host.Revisions.Get("pooling", 3)!.Text);

        // The file of an article nobody edited goes: the article goes, its history keeps the text.
        File.Delete(Path.Combine(_host.ContentPath, "cnn/three.md"));
        var threeFile = _host.Revisions.History("three");
        Assert.Single(threeFile);
        _host.Reimport();
        Assert.Null(Store.Get("three"));
        Assert.Contains("两个 3×3 的感受野", _host.Revisions.Get("three", 1)!.Text);
    }

    [Fact]
    public void A_save_on_top_of_an_older_revision_is_refused_and_both_texts_are_kept()
    {
        Save("pooling", "甲的修改\n", expected: 1, author: "甲");

        var second = _host.Editor.Save("pooling", EditingHost.Fields("池化反向传播", "乙的修改\n"), 1, "乙", null);

        var stale = Assert.IsType<EditResult.Stale>(second);
        Assert.Equal(2, stale.CurrentRevision);
        Assert.Contains("甲的修改", stale.Current!.Text);
        Assert.Contains("甲的修改", Store.Get("pooling")!.Markdown);
        Assert.Equal(2, _host.Revisions.History("pooling").Count);
    }

    [Fact]
    public void Restoring_an_old_revision_adds_a_new_one_with_its_text()
    {
        var original = Store.Get("pooling")!.Markdown;
        Save("pooling", "改坏了\n", expected: 1);

        var restored = Assert.IsType<EditResult.Saved>(_host.Editor.Restore("pooling", 1, "bob"));

        Assert.Equal(3, restored.Revision);
        Assert.Equal(original, Store.Get("pooling")!.Markdown);
        Assert.Equal(RevisionKinds.Restore, _host.Revisions.History("pooling")[0].Kind);
    }

    [Fact]
    public void Deleted_articles_go_to_the_trash_stay_deleted_on_import_and_can_be_restored()
    {
        Assert.IsType<EditResult.Saved>(_host.Editor.Delete("three", null, "alice"));
        Assert.Null(Store.Get("three"));
        _host.Write("cnn/unrelated.md", "---\ntitle: 触发导入\n---\n正文\n");
        _host.Reimport();
        Assert.Null(Store.Get("three"));

        var item = Assert.Single(_host.Revisions.TrashItems());
        Assert.IsType<EditResult.Saved>(_host.Editor.RestoreFromTrash(item.Id, "admin"));

        Assert.Contains("感受野", Store.Get("three")!.Markdown);
        Assert.Empty(_host.Revisions.TrashItems());
    }

    [Fact]
    public void Import_never_overwrites_a_browser_edit_and_records_the_file_as_one_conflict()
    {
        Save("pooling", "浏览器里的版本\n", expected: 1);
        _host.Write("cnn/pooling.md", "---\ntitle: 池化反向传播\n---\n文件里的版本\n");

        _host.Reimport();
        _host.Reimport();

        Assert.Contains("浏览器里的版本", Store.Get("pooling")!.Markdown);
        var conflict = Assert.Single(_host.Revisions.OpenConflicts());
        Assert.Contains("文件里的版本", _host.Revisions.Get("pooling", conflict.Number)!.Text);
        // The conflict is not the current revision: a save on top of revision 2 still works.
        Assert.Equal(2, _host.Revisions.CurrentNumber("pooling"));
        Assert.Equal(4, Save("pooling", "合并后\n", expected: 2));

        // Adopting the file's version settles the conflict.
        Assert.IsType<EditResult.Saved>(_host.Editor.Restore("pooling", conflict.Number, "admin"));
        Assert.Contains("文件里的版本", Store.Get("pooling")!.Markdown);
        Assert.Empty(_host.Revisions.OpenConflicts());
    }

    [Fact]
    public void A_browser_created_article_survives_an_import_of_a_folder_without_it()
    {
        var created = Assert.IsType<EditResult.Saved>(_host.Editor.Save("新文章", EditingHost.Fields("新文章", "正文\n", "rnn"), null, "alice", null));
        Assert.True(created.Created);
        _host.Write("cnn/unrelated.md", "---\ntitle: 触发导入\n---\n正文\n");

        _host.Reimport();

        Assert.Equal("rnn", Store.Get("新文章")!.Category);
    }

    [Fact]
    public void Renaming_redirects_the_old_slug_moves_history_and_the_old_file_stays_out()
    {
        var result = _host.Editor.Save("pooling", EditingHost.Fields("池化反向传播", "正文\n", "rnn"), 1, "alice", null, newSlug: "pooling-backprop");

        Assert.IsType<EditResult.Saved>(result);
        Assert.Null(Store.Get("pooling"));
        Assert.Equal("rnn", Store.Get("pooling-backprop")!.Category);
        Assert.Equal("pooling-backprop", _host.Revisions.RedirectTarget("pooling"));
        Assert.Equal(2, _host.Revisions.History("pooling-backprop").Count);
        _host.Write("cnn/unrelated.md", "---\ntitle: 触发导入\n---\n正文\n");
        _host.Reimport();
        Assert.Null(Store.Get("pooling"));
    }

    [Fact]
    public void What_an_editor_writes_goes_through_the_sanitizer()
    {
        Save("pooling", "<script>alert(1)</script>\n\n<form action=\"https://evil.example\"><input name=\"password\"></form>\n\n<div style=\"position:fixed;top:0\">覆盖</div>\n\n[x](javascript:alert(1))\n", expected: 1);

        var html = Store.Get("pooling")!.Html;

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<form", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<input", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("position", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("覆盖", html);
    }

    public void Dispose() => _host.Dispose();
}
