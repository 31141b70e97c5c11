using KnowledgeBase.Content;
using KnowledgeBase.Editing;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Editing;

/// <summary>An app of its own over a small scratch content folder (edits change state), with the editing services at hand.</summary>
public sealed class EditingHost : IDisposable
{
    public EditingHost(bool fullContent = false)
    {
        if (fullContent)
        {
            ContentPath = RepoPaths.CopyContent();
        }
        else
        {
            ContentPath = Path.Combine(Path.GetTempPath(), "kb-content", Guid.NewGuid().ToString("N"));
            Write("categories.yml", "- slug: cnn\n  name: 卷积\n  order: 1\n- slug: rnn\n  name: 循环\n  order: 2\n");
            Write("cnn/pooling.md", "---\ntitle: 池化反向传播\ntags: [pooling]\norder: 5\n---\n## 答案要点\n\n最大池化把梯度传给最大值的位置。\n");
            Write("cnn/three.md", "---\ntitle: 为什么用 3×3\ntags: [conv]\n---\n两个 3×3 的感受野等于一个 5×5。\n");
        }
        Factory = new KbFactory(ContentPath);
        Client = Factory.CreateClient();
    }

    public string ContentPath { get; }
    public KbFactory Factory { get; }
    public HttpClient Client { get; }

    public ArticleEditor Editor => Factory.Services.GetRequiredService<ArticleEditor>();
    public RevisionStore Revisions => Factory.Services.GetRequiredService<RevisionStore>();
    public ContentImportService Import => Factory.Services.GetRequiredService<ContentImportService>();

    public void Write(string relative, string text)
    {
        var path = Path.Combine(ContentPath, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public ImportResult Reimport() => Import.RunImport(ContentPath);

    public static ArticleFields Fields(string title, string markdown, string category = "cnn", params string[] tags) =>
        new(title, null, category, tags, [], null, markdown);

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        try { Directory.Delete(ContentPath, recursive: true); } catch (IOException) { }
    }
}
