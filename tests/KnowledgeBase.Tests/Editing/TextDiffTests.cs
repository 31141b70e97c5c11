using KnowledgeBase.Editing;

namespace KnowledgeBase.Tests.Editing;

public sealed class TextDiffTests
{
    [Fact]
    public void A_changed_chinese_character_inside_a_sentence_shows_as_that_character()
    {
        var diff = TextDiff.Compare("第一行\n最大池化把梯度传给最大值。\n末行\n", "第一行\n最大池化把梯度传到最大值。\n末行\n");

        var row = Assert.Single(diff.Rows, r => r.Old.Kind != "same");
        Assert.Equal("mod", row.Old.Kind);
        Assert.Equal(["给"], row.Old.Spans.Where(s => s.Kind == "del").Select(s => s.Text));
        Assert.Equal(["到"], row.New.Spans.Where(s => s.Kind == "ins").Select(s => s.Text));
        Assert.Equal("最大池化把梯度传到最大值。", string.Concat(row.New.Spans.Select(s => s.Text)));
        // Inline: the old line (deletions marked), then the new one (insertions marked), context around them.
        Assert.Equal(["same", "del", "ins", "same"], diff.Inline.Select(l => l.Kind));
        Assert.False(diff.Same);
    }

    [Fact]
    public void Added_and_removed_lines_are_whole_lines_opposite_an_empty_one()
    {
        var diff = TextDiff.Compare("a\nb\n", "a\nb\nc\n");
        var added = Assert.Single(diff.Rows, r => r.New.Kind == "ins");
        Assert.Equal("empty", added.Old.Kind);
        Assert.Equal("c", added.New.Spans[0].Text);
        Assert.True(TextDiff.Compare("x\n", "x\n").Same);
    }
}
