using System.Text;
using KnowledgeBase.Content;

namespace KnowledgeBase.Tests.Content;

public class FrontMatterTests
{
    [Fact]
    public void Parses_all_fields_and_the_body()
    {
        var parsed = FrontMatter.Parse("""
            ---
            title: 批归一化的缺点
            title_en: Weaknesses of batch norm
            tags: [BN, 归一化, BN]
            keywords:
              - batch normalization
              - 批量归一化
            difficulty: 2
            order: 5
            ---
            ## 答案要点
            正文
            """);

        Assert.Equal("批归一化的缺点", parsed.Meta.Title);
        Assert.Equal("Weaknesses of batch norm", parsed.Meta.TitleEn);
        Assert.Equal(["BN", "归一化"], parsed.Meta.Tags);
        Assert.Equal(["batch normalization", "批量归一化"], parsed.Meta.Keywords);
        Assert.Equal(2, parsed.Meta.Difficulty);
        Assert.Equal(5, parsed.Meta.Order);
        Assert.StartsWith("## 答案要点", parsed.Body, StringComparison.Ordinal);
        Assert.Equal(11, parsed.BodyStartLine);
    }

    [Fact]
    public void Front_matter_parsed_before_is_kept_and_only_the_body_is_cut()
    {
        const string text = "---\r\ntitle: 标题\r\ntags: [a]\r\n---\r\n\r\n正文\r\n";
        var first = FrontMatter.Parse(text);

        var again = FrontMatter.Parse(text, first.Meta);

        Assert.Same(first.Meta, again.Meta);
        Assert.Equal("\n正文\n", again.Body);
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(first.BodyStartLine, again.BodyStartLine);
        Assert.Equal(5, again.BodyStartLine);
    }

    [Fact]
    public void Crlf_line_endings_are_accepted()
    {
        var parsed = FrontMatter.Parse("---\r\ntitle: 标题\r\n---\r\n正文\r\n");
        Assert.Equal("标题", parsed.Meta.Title);
        Assert.Equal("正文\n", parsed.Body);
    }

    [Theory]
    [InlineData("no front matter\n", 1, "front matter")]
    [InlineData("---\ntitle: x\nno end\n", 1, "not closed")]
    [InlineData("---\ntags: [a]\n---\nbody", 2, "no title")]
    [InlineData("---\ntitle: ''\n---\nbody", 2, "no title")]
    [InlineData("---\ntitle: x\ndifficulty: 7\n---\n", 2, "difficulty")]
    public void Rejects_malformed_files_with_a_line(string text, int line, string message)
    {
        var ex = Assert.Throws<ContentException>(() => FrontMatter.Parse(text));
        Assert.Equal(line, ex.Line);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_yaml_reports_the_line_in_the_file()
    {
        // Line 4 of the file holds the unterminated flow sequence.
        var ex = Assert.Throws<ContentException>(() => FrontMatter.Parse("---\ntitle: ok\ntitle_en: fine\ntags: [a, b\nkeywords: []\n---\nbody"));
        Assert.Contains("bad YAML", ex.Message, StringComparison.Ordinal);
        Assert.InRange(ex.Line, 4, 6);
    }

    [Fact]
    public void Invalid_utf8_reports_the_line_of_the_bad_byte()
    {
        var bytes = Encoding.UTF8.GetBytes("---\ntitle: 好\n---\n第一行\n").Concat(new byte[] { 0xE5, 0x28, 0x0A }).ToArray();
        var ex = Assert.Throws<ContentException>(() => FrontMatter.DecodeUtf8(bytes));
        Assert.Equal(5, ex.Line);
        Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\n\uFDD0", 2, "U+FDD0")]
    [InlineData("a\n\n\uFDEF", 3, "U+FDEF")]
    [InlineData("\uFFFF", 1, "U+FFFF")]
    [InlineData("a\n\U0001FFFE", 2, "U+1FFFE")]
    [InlineData("\n\U0010FFFF", 2, "U+10FFFF")]
    public void Noncharacters_are_rejected_with_their_line(string text, int line, string named)
    {
        var ex = Assert.Throws<ContentException>(() => FrontMatter.DecodeUtf8(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(line, ex.Line);
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\uFDCF \uFDF0 \uFFFD")]
    [InlineData("\U0001F600 \U0001FFFD")]
    [InlineData("\U000103FF \U0001FBFE")] // a low surrogate U+DFFF or U+DFFE, but no noncharacter
    public void Characters_next_to_the_noncharacters_are_text(string text) =>
        Assert.Equal(text, FrontMatter.DecodeUtf8(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Utf8_bom_is_dropped()
    {
        var text = FrontMatter.DecodeUtf8([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("---")]);
        Assert.Equal("---", text);
    }
}
