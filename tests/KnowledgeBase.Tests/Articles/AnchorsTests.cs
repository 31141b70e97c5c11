using KnowledgeBase.Articles;

namespace KnowledgeBase.Tests.Articles;

public class AnchorsTests
{
    [Theory]
    [InlineData("答案要点", "答案要点")]
    [InlineData("为什么用 3×3 卷积？", "为什么用-3-3-卷积")]
    [InlineData("BN 与 LN 的区别", "bn-与-ln-的区别")]
    [InlineData("ＢＮ（全角）", "bn全角")]
    [InlineData("1x1 卷积：降维", "1x1-卷积-降维")]
    [InlineData("  Softmax & Cross-Entropy  ", "softmax-cross-entropy")]
    public void Slugify_keeps_chinese_and_reads_well(string heading, string expected) =>
        Assert.Equal(expected, Anchors.Slugify(heading));

    [Fact]
    public void Registry_makes_ids_unique_in_document_order()
    {
        var registry = new Anchors.Registry();
        Assert.Equal("常见追问", registry.Next("常见追问"));
        Assert.Equal("常见追问-1", registry.Next("常见追问"));
        Assert.Equal("常见追问-2", registry.Next("常见追问？"));
        Assert.Equal("section", registry.Next("？！"));
        Assert.Equal("section-1", registry.Next("..."));
    }

    [Fact]
    public void Registry_skips_suffixes_taken_by_literal_headings()
    {
        var registry = new Anchors.Registry();
        Assert.Equal("x-1", registry.Next("x-1"));
        Assert.Equal("x", registry.Next("x"));
        Assert.Equal("x-2", registry.Next("x"));
        Assert.Equal("x-3", registry.Next("x"));
        Assert.Equal("x-1-1", registry.Next("x-1"));
    }

    [Fact]
    public void Twenty_thousand_identical_headings_get_distinct_consecutive_ids()
    {
        var registry = new Anchors.Registry();
        var ids = Enumerable.Range(0, 20_000).Select(_ => registry.Next("常见追问")).ToList();
        Assert.Equal(20_000, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("常见追问-19999", ids[^1]);
    }

    [Fact]
    public void A_noncharacter_does_not_make_slugify_throw() =>
        Assert.Equal("ab", Anchors.Slugify("a\uFFFEb"));
}
