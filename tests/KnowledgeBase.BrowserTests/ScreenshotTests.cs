using System.Buffers.Binary;
using KnowledgeBase.BrowserTests.Infrastructure;
using KnowledgeBase.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KnowledgeBase.BrowserTests;

/// <summary>
/// Screenshots of the main pages in light, dark and on a phone, written on every run to docs/screenshots as
/// NAME-{light,dark,phone}.png, like the calculator pages' (CalcBrowserTests): the README shows these files.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(BrowserFixture fixture)
{
    private sealed record Shot(string Suffix, int Width, int Height, float Scale, ColorScheme Scheme, bool Mobile);

    private static readonly Shot[] Shots =
    [
        new("light", 1280, 900, 1, ColorScheme.Light, false),
        new("dark", 1280, 900, 1, ColorScheme.Dark, false),
        new("phone", 390, 844, 2, ColorScheme.Light, true),
    ];

    private static readonly (string Name, string Path)[] Pages =
    [
        ("home", "/"),
        ("article", "/a/rnn-lstm-gru-params"),
        ("search", "/search?q=LSTM参数量"),
        ("practice", "/practice"),
    ];

    [Fact]
    public async Task Home_article_search_and_practice_in_light_dark_and_on_a_phone()
    {
        var folder = Path.Combine(RepoPaths.Root, "docs", "screenshots");
        var written = 0;
        foreach (var shot in Shots)
        {
            await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                Locale = "zh-CN", BaseURL = fixture.BaseUrl, ColorScheme = shot.Scheme, IsMobile = shot.Mobile, HasTouch = shot.Mobile,
                ViewportSize = new ViewportSize { Width = shot.Width, Height = shot.Height }, DeviceScaleFactor = shot.Scale,
            });
            var page = await context.NewPageAsync();
            foreach (var (name, path) in Pages)
            {
                await page.GotoAsync(path);
                if (name == "article") { await page.WaitForSelectorAsync(".article-body .katex"); }
                if (name == "practice")
                {
                    await page.ClickAsync("#practice-reveal");
                    await Expect(page.Locator("#practice-answer-body .katex").First).ToBeVisibleAsync();
                    // The card at the top, just below the sticky header.
                    await page.EvaluateAsync("() => scrollTo(0, document.getElementById('practice-card').getBoundingClientRect().top + scrollY - 80)");
                }
                await page.EvaluateAsync("() => document.fonts.ready");
                var file = Path.Combine(folder, $"{name}-{shot.Suffix}.png");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = file });

                var (width, height) = PngSize(file);
                Assert.Equal(((int)(shot.Width * shot.Scale), (int)(shot.Height * shot.Scale)), (width, height));
                written++;
            }
        }
        Assert.Equal(Shots.Length * Pages.Length, written);
    }

    /// <summary>Width and height from the PNG header (signature, then the IHDR chunk).</summary>
    private static (int Width, int Height) PngSize(string file)
    {
        var bytes = File.ReadAllBytes(file);
        Assert.True(bytes.Length > 24 && bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), $"{file} is not a PNG");
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
