using Dapper;
using KnowledgeBase.Articles;
using KnowledgeBase.Content;
using KnowledgeBase.Data;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Content;

public sealed class ContentImporterTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kb-import", Guid.NewGuid().ToString("N"));
    private readonly Db _db;
    private readonly ListLogger<ContentImporter> _log = new();
    private readonly ContentImporter _importer;

    public ContentImporterTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "content"));
        _db = new Db($"Data Source={Path.Combine(_root, "kb.db")}");
        Migrator.Migrate(_db);
        _importer = new ContentImporter(_db, new ArticleRenderer(), _log);
        Write("categories.yml", "- slug: cnn\n  name: 卷积\n  name_en: CNN\n  order: 1\n");
        Write("cnn/pooling.md", Article("池化反向传播", "[pooling]"));
        Write("cnn/three.md", Article("为什么用 3×3", "[conv, 卷积]"));
    }

    private string Content => Path.Combine(_root, "content");

    private void Write(string relative, string text)
    {
        var path = Path.Combine(Content, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static string Article(string title, string tags, string body = "## 答案要点\n\n正文\n") =>
        $"---\ntitle: {title}\ntags: {tags}\n---\n{body}";

    private List<string> Titles()
    {
        using var c = _db.Open();
        return c.Query<string>("SELECT title FROM articles ORDER BY slug").ToList();
    }

    [Fact]
    public void First_import_adds_everything_and_a_second_changes_nothing()
    {
        var first = _importer.Import(Content);
        Assert.Equal((2, 0, 0, 0), (first.Added, first.Updated, first.Unchanged, first.Removed));

        var second = _importer.Import(Content);
        Assert.Equal((0, 0, 2, 0), (second.Added, second.Updated, second.Unchanged, second.Removed));
        Assert.False(second.Changed);
        Assert.Equal(["池化反向传播", "为什么用 3×3"], Titles());
    }

    [Fact]
    public void Changed_files_update_and_removed_files_disappear()
    {
        _importer.Import(Content);
        Write("cnn/pooling.md", Article("最大池化的反向传播", "[pooling, 池化]"));
        File.Delete(Path.Combine(Content, "cnn/three.md"));

        var result = _importer.Import(Content);

        Assert.Equal((0, 1, 0, 1), (result.Added, result.Updated, result.Unchanged, result.Removed));
        Assert.Equal(["最大池化的反向传播"], Titles());
        using var c = _db.Open();
        Assert.Equal(["pooling", "池化"], c.Query<string>("SELECT tag FROM article_tags ORDER BY tag").ToList());
    }

    [Fact]
    public void Malformed_files_are_skipped_with_file_and_line_and_the_rest_stays()
    {
        Write("cnn/bad-yaml.md", "---\ntitle: ok\ntags: [a, b\n---\nbody");
        Write("cnn/no-title.md", "---\ntags: [a]\n---\nbody");
        File.WriteAllBytes(Path.Combine(Content, "cnn/bad-utf8.md"), [.. "---\ntitle: x\n---\n"u8, 0xFF, 0xFE]);

        var result = _importer.Import(Content);

        Assert.Equal(2, result.Added);
        Assert.Equal(["cnn/bad-utf8.md", "cnn/bad-yaml.md", "cnn/no-title.md"], result.Skipped.Order().ToArray());
        var warnings = _log.Warnings.ToList();
        Assert.Contains(warnings, w => w.Contains("cnn/bad-yaml.md:", StringComparison.Ordinal) && w.Contains("YAML", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("cnn/no-title.md:2", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("cnn/bad-utf8.md:4", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_broken_after_import_keeps_its_last_good_version()
    {
        _importer.Import(Content);
        Write("cnn/pooling.md", "---\ntitle: [unclosed\n---\n");

        var result = _importer.Import(Content);

        Assert.Equal(["cnn/pooling.md"], result.Skipped);
        Assert.Contains("池化反向传播", Titles());
    }

    [Fact]
    public void Folders_missing_from_categories_yml_are_named_after_the_folder()
    {
        Write("extra/note.md", Article("额外", "[]"));
        _importer.Import(Content);
        using var c = _db.Open();
        var categories = c.Query<(string Slug, string Name)>("SELECT slug, name FROM categories ORDER BY sort_order").ToList();
        Assert.Equal([("cnn", "卷积"), ("extra", "extra")], categories);
    }

    [Fact]
    public void Duplicate_slugs_across_folders_keep_the_first()
    {
        Write("ml/pooling.md", Article("重复的文件名", "[]"));
        var result = _importer.Import(Content);
        Assert.Single(result.Skipped);
        Assert.Equal(2, Titles().Count);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
