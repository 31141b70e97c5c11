using Dapper;
using KnowledgeBase.Articles;
using KnowledgeBase.Content;
using KnowledgeBase.Data;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Tests.Content;

public sealed class ContentImporterTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kb-import", Guid.NewGuid().ToString("N"));
    private readonly Db _db;
    private readonly ListLogger<ContentImporter> _log = new();
    private readonly ContentOptions _options = new();
    private readonly ContentImporter _importer;

    public ContentImporterTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "content"));
        _db = new Db($"Data Source={Path.Combine(_root, "kb.db")}");
        Migrator.Migrate(_db);
        _importer = new ContentImporter(_db, new ArticleRenderer(), Options.Create(_options), _log);
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

    [Fact]
    public void Many_files_import_in_parallel_with_skips_in_file_order_and_a_truncated_wal()
    {
        for (var i = 0; i < 60; i++)
        {
            Write($"cnn/n{i:D2}.md", i % 10 == 3 ? "---\ntitle: [unclosed\n---\n" : Article($"题目 {i}", $"[t{i % 4}]", $"## 答案要点\n\n第 {i} 题的答案。\n"));
        }
        var result = _importer.Import(Content);

        Assert.Equal(2 + 54, result.Added);
        Assert.Equal(["cnn/n03.md", "cnn/n13.md", "cnn/n23.md", "cnn/n33.md", "cnn/n43.md", "cnn/n53.md"], result.Skipped);
        using (var c = _db.Open())
        {
            Assert.Equal(56, c.ExecuteScalar<long>("SELECT COUNT(*) FROM articles"));
            Assert.Equal(56, c.ExecuteScalar<long>("SELECT COUNT(*) FROM search_index"));
            Assert.Equal(12, c.ExecuteScalar<long>("SELECT COUNT(*) FROM article_tags WHERE tag = 't1'")); // i % 4 == 1, less n13, n33, n53
        }
        // Checkpointed and truncated: the WAL does not keep the size of the import.
        Assert.Equal(0, new FileInfo(Path.Combine(_root, "kb.db-wal")).Length);
    }

    [Fact]
    public void An_article_moved_to_another_folder_keeps_its_slug()
    {
        _importer.Import(Content);
        File.Move(Path.Combine(Content, "cnn/pooling.md"), Path.Combine(Content, "ml-pooling.tmp"));
        Directory.CreateDirectory(Path.Combine(Content, "ml"));
        File.Move(Path.Combine(Content, "ml-pooling.tmp"), Path.Combine(Content, "ml/pooling.md"));

        var result = _importer.Import(Content);

        Assert.Empty(result.Skipped);
        Assert.Equal((1, 1), (result.Added, result.Removed));
        using var c = _db.Open();
        Assert.Equal("ml", c.ExecuteScalar<string>("SELECT category FROM articles WHERE slug = 'pooling'"));
    }

    /// <summary>Generated pathological bodies (after 4 lines of front matter, so the body starts on line 5).</summary>
    public static TheoryData<string, string, string> Pathological() => new()
    {
        { "quotes", new string('>', 300) + " 引用\n", ":5: Markdown cannot be parsed" },
        { "nesting", "正文\n\n" + new string('>', 40) + " 引用\n", ":7: Markdown nests" },
        { "headings", string.Concat(Enumerable.Repeat("## 同名\n", 20_000)), ":1005: more than 1000 headings" },
        { "divs", string.Concat(Enumerable.Repeat("<div>", 100_000)), ":5: raw HTML nests more than 64" },
        { "nonchar", "## 答案\n\n第一行\n坏\uFFFE字\n", ":8: contains U+FFFE, a Unicode noncharacter" },
        { "huge", new string('长', 200_000), ":1: file is 600,032 bytes; the limit is 524,288" },
    };

    [Theory]
    [MemberData(nameof(Pathological))]
    public void Pathological_files_are_skipped_with_file_line_and_reason(string name, string body, string reason)
    {
        Write($"cnn/{name}.md", Article("病态", "[x]", body));

        var result = _importer.Import(Content);

        Assert.Equal(2, result.Added);
        Assert.Equal([$"cnn/{name}.md"], result.Skipped);
        Assert.Contains(_log.Warnings, w => w.Contains($"cnn/{name}.md{reason}", StringComparison.Ordinal));
        Assert.Equal(["池化反向传播", "为什么用 3×3"], Titles());
    }

    [Theory]
    [MemberData(nameof(Pathological))]
    public void A_good_article_turned_pathological_keeps_its_last_good_version(string name, string body, string reason)
    {
        _importer.Import(Content);
        Write("cnn/pooling.md", Article("病态", "[x]", body));

        var result = _importer.Import(Content);

        Assert.Equal(["cnn/pooling.md"], result.Skipped);
        Assert.False(result.Changed);
        Assert.Contains(_log.Warnings, w => w.Contains("cnn/pooling.md" + reason, StringComparison.Ordinal));
        Assert.Contains("池化反向传播", Titles());
        Assert.DoesNotContain("病态", Titles());
        Assert.NotEmpty(name);
    }

    [Fact]
    public void The_shipped_content_is_within_the_default_limits()
    {
        var result = _importer.Import(RepoPaths.Content);
        Assert.Empty(result.Skipped);
        Assert.Equal(ContentImporter.EnumerateArticles(RepoPaths.Content).Count(), result.Added);
        Assert.True(result.Added > 10);
    }

    [Fact]
    public void Limits_come_from_the_options()
    {
        _options.MaxHeadings = 2;
        Write("cnn/three-headings.md", Article("三个标题", "[]", "## a\n## b\n## c\n"));
        var result = _importer.Import(Content);
        Assert.Equal(["cnn/three-headings.md"], result.Skipped);
        Assert.Contains(_log.Warnings, w => w.Contains("cnn/three-headings.md:7: more than 2 headings", StringComparison.Ordinal));
    }

    [Fact]
    public void Articles_linked_from_outside_the_folder_are_not_imported()
    {
        var outside = Path.Combine(_root, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "secret.md"), Article("机密", "[]", "机密正文\n"));
        File.CreateSymbolicLink(Path.Combine(Content, "cnn", "secret.md"), Path.Combine(outside, "secret.md"));
        Directory.CreateSymbolicLink(Path.Combine(Content, "leaked"), outside);
        // A link that stays inside the folder is followed.
        File.CreateSymbolicLink(Path.Combine(Content, "cnn", "alias.md"), Path.Combine(Content, "cnn", "three.md"));

        var result = _importer.Import(Content);

        Assert.Equal(3, result.Added);
        Assert.Equal(["cnn/secret.md", "leaked/secret.md"], result.Skipped.Order().ToArray());
        Assert.Contains(_log.Warnings, w => w.Contains("cnn/secret.md:1: symbolic link to a file outside the content folder", StringComparison.Ordinal));
        Assert.DoesNotContain("机密", Titles());
    }

    [Fact]
    public void A_change_to_categories_yml_alone_counts_as_a_change()
    {
        _importer.Import(Content);
        Assert.False(_importer.Import(Content).Changed);

        Write("categories.yml", "- slug: cnn\n  name: 卷积神经网络\n  order: 1\n");
        var result = _importer.Import(Content);

        Assert.True(result.CategoriesChanged);
        Assert.True(result.Changed);
        Assert.Equal(0, result.Added + result.Updated + result.Removed);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
