using Dapper;
using KnowledgeBase.Data;
using KnowledgeBase.Editing;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Editing;

public sealed class ExportTests
{
    private const string ArticlesSql = """
        SELECT a.slug, a.category, a.source_path, a.content_hash, a.title, a.title_en, a.keywords, a.difficulty, a.sort_order,
               unpack(a.markdown), unpack(a.html), a.toc, unpack(a.plain_text), a.updated,
               (SELECT group_concat(tag, '|') FROM (SELECT tag FROM article_tags t WHERE t.article_id = a.id ORDER BY tag)) AS tags
        FROM articles a ORDER BY a.slug
        """;

    private const string CategoriesSql = "SELECT slug, name, name_en, description, sort_order FROM categories ORDER BY slug";

    private static List<string> Rows(KbFactory factory, string sql)
    {
        using var connection = factory.Services.GetRequiredService<Db>().Open();
        return connection.Query(sql).Select(r => string.Join("\u001f", ((IDictionary<string, object?>)r).Values.Select(v => v?.ToString() ?? "<null>"))).ToList();
    }

    [Fact]
    public void Export_then_import_into_an_empty_database_gives_the_same_articles_categories_and_media()
    {
        using var host = new EditingHost(fullContent: true);
        // Browser work on top of the shipped content: an edit, a new article with an uploaded image, a move.
        var editor = host.Editor;
        var pooling = host.Revisions.CurrentNumber("pooling-backprop")!.Value;
        Assert.IsType<EditResult.Saved>(editor.Save("pooling-backprop",
            EditingHost.Fields("池化: \"反向\" # 传播", "## 答案要点\n\n浏览器里改过。\n", "cnn", "池化", "反向传播"), pooling, "alice", "edit"));
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 };
        var (image, _) = host.Factory.Services.GetRequiredService<MediaUploads>().Save("sequence", png, "alice");
        Assert.IsType<EditResult.Saved>(editor.Save("浏览器新建", EditingHost.Fields("浏览器新建的文章", $"正文\n\n![图]({image})\n", "sequence"), null, "alice", null));

        var exported = Path.Combine(Path.GetTempPath(), "kb-export", Guid.NewGuid().ToString("N"));
        try
        {
            var result = host.Factory.Services.GetRequiredService<Exporter>().Export(exported);
            Assert.Empty(result.Missing);
            Assert.True(result.Articles > 50, $"{result.Articles} articles exported");
            Assert.Equal(png, File.ReadAllBytes(Path.Combine(exported, "sequence", image!)));

            using var fresh = new KbFactory(exported);
            fresh.CreateClient().Dispose();

            var before = Rows(host.Factory, ArticlesSql);
            var after = Rows(fresh, ArticlesSql);
            Assert.Equal(before.Count, after.Count);
            Assert.Equal(before, after);
            Assert.Equal(Rows(host.Factory, CategoriesSql), Rows(fresh, CategoriesSql));
        }
        finally
        {
            Directory.Delete(exported, recursive: true);
        }
    }
}
