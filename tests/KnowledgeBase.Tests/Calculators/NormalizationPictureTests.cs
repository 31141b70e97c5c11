using System.Text.RegularExpressions;
using KnowledgeBase.Calculators;

namespace KnowledgeBase.Tests.Calculators;

public sealed partial class NormalizationPictureTests
{
    [GeneratedRegex("<(rect|line|text|g)[ >]")]
    private static partial Regex Element();

    private static string Svg(string html) => Regex.Match(html, "<svg.*?</svg>", RegexOptions.Singleline).Value;

    [Theory]
    [InlineData("batch")]
    [InlineData("layer")]
    [InlineData("instance")]
    [InlineData("group")]
    public void Largest_shape_draws_a_bounded_number_of_elements(string kind)
    {
        var res = NormalizationCalculator.Calculate(new NormalizationRequest(kind, [64, 1024, 128, 128, 64], kind == "group" ? 32 : null));
        var svg = Svg(NormalizationPicture.Render(res, en: false));
        var cells = NormalizationPicture.MaxN * NormalizationPicture.MaxC * NormalizationPicture.MaxS;
        Assert.Equal(cells, Regex.Matches(svg, "class=\"cell( set)?\"").Count);
        Assert.InRange(Element().Matches(svg).Count, cells, cells + 100);
        Assert.InRange(svg.Length, 1, 64 * 1024);
    }

    [Fact]
    public void Long_axes_show_their_first_cells_a_gap_and_their_last()
    {
        Assert.Equal([0L, 1, 2, 3], NormalizationPicture.Shown(4, 4));
        Assert.Equal([0L, 1, 2, 99], NormalizationPicture.Shown(100, 4));
        // GroupNorm with 2 groups of 16 channels: the first group is highlighted in sample 0, and the last channel,
        // in the second group, is drawn below a border, so both sets stay visible.
        var res = NormalizationCalculator.Calculate(new NormalizationRequest("group", [8, 32, 16, 16], 2));
        var html = NormalizationPicture.Render(res, en: false);
        var svg = Svg(html);
        Assert.Equal((NormalizationPicture.MaxC - 1) * NormalizationPicture.MaxS, Regex.Matches(svg, "class=\"cell set\"").Count);
        Assert.Contains("n = 7", svg);
        Assert.Contains("⋮", svg);
        Assert.Contains("…", svg);
        Assert.Contains("<line", svg);
        Assert.Contains("只画出开头几个和最后一个", html);
    }
}
