using KnowledgeBase.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KnowledgeBase.BrowserTests;

/// <summary>
/// Practice mode in a real Chromium: reveal, mark, progress in localStorage across a reload, keyboard only.
/// Works with any number (≥ 2) of articles: expectations are read from the page's embedded question list.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PracticeTests(BrowserFixture fixture)
{
    private static ILocator Total(IPage page, string status) => page.Locator($"#practice-summary tfoot [data-status={status}]");

    private static async Task<(int Count, string[] Slugs, string[] Categories)> Questions(IPage page)
    {
        var slugs = await page.EvaluateAsync<string[]>("() => JSON.parse(document.getElementById('practice-data').textContent).questions.map(q => q.slug)");
        var categories = await page.EvaluateAsync<string[]>("() => JSON.parse(document.getElementById('practice-data').textContent).questions.map(q => q.category)");
        Assert.True(slugs.Length >= 2, $"practice needs at least 2 questions, the page has {slugs.Length}");
        return (slugs.Length, slugs, categories);
    }

    [Fact]
    public async Task Reveal_mark_and_progress_survive_a_reload_with_the_keyboard()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/practice");
        var (count, slugs, _) = await Questions(page);
        var card = page.Locator("#practice-card");
        var answer = page.Locator("#practice-answer");

        await Expect(card).ToHaveAttributeAsync("data-slug", slugs[0]);
        await Expect(page.Locator("#practice-position")).ToHaveTextAsync($"第 1 / {count} 题");
        await Expect(answer).ToBeHiddenAsync();
        await Expect(Total(page, "unseen")).ToHaveTextAsync(count.ToString());

        await page.Keyboard.PressAsync("Space");
        await Expect(answer).ToBeVisibleAsync();
        await Expect(page.Locator("#practice-reveal")).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(page.Locator("#practice-answer-body")).Not.ToBeEmptyAsync();
        // Math in the answer is typeset by KaTeX, like on the article page.
        var math = await page.Locator("#practice-answer-body .math").CountAsync();
        Assert.Equal(math, await page.Locator("#practice-answer-body .math .katex").CountAsync());

        await page.Keyboard.PressAsync("1"); // 会, then on to the next question
        await Expect(card).ToHaveAttributeAsync("data-slug", slugs[1]);
        await Expect(answer).ToBeHiddenAsync();
        await Expect(Total(page, "known")).ToHaveTextAsync("1");
        await Expect(Total(page, "unseen")).ToHaveTextAsync((count - 1).ToString());

        await page.ReloadAsync();
        await Expect(Total(page, "known")).ToHaveTextAsync("1");
        await Expect(Total(page, "unknown")).ToHaveTextAsync("0");
        await Expect(Total(page, "unseen")).ToHaveTextAsync((count - 1).ToString());
        await Expect(card).ToHaveAttributeAsync("data-slug", slugs[0]);
        await Expect(page.Locator("#practice-status")).ToHaveTextAsync("会");
        var stored = await page.EvaluateAsync<string>($"() => JSON.parse(localStorage.getItem('kb-practice'))['{slugs[0]}'].status");
        Assert.Equal("known", stored);

        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(card).ToHaveAttributeAsync("data-slug", slugs[1]);
        await Expect(page.Locator("#practice-position")).ToHaveTextAsync($"第 2 / {count} 题");
        await Expect(page.Locator("#practice-title")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("2"); // 不会
        await Expect(Total(page, "unknown")).ToHaveTextAsync("1");
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(card).ToHaveAttributeAsync("data-slug", slugs[0]);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Answers_and_filtered_questions_load_on_demand()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/practice");
        var (_, slugs, categories) = await Questions(page);
        Assert.DoesNotContain("answerHtml", await page.Locator("#practice-data").TextContentAsync() ?? "", StringComparison.Ordinal);

        var answer = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/practice/" + slugs[0], StringComparison.Ordinal) && r.Status == 200);
        await page.Keyboard.PressAsync("Space");
        await answer;
        await Expect(page.Locator("#practice-answer-body")).Not.ToBeEmptyAsync();

        var list = page.WaitForResponseAsync(r => r.Url.Contains("/api/practice?", StringComparison.Ordinal) && r.Url.Contains("category=" + categories[^1], StringComparison.Ordinal));
        await page.SelectOptionAsync("#practice-category", categories[^1]);
        Assert.Equal(200, (await list).Status);
        await Expect(page.Locator("#practice-position")).ToHaveTextAsync($"第 1 / {categories.Count(c => c == categories[^1])} 题");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Buttons_work_by_click_and_keep_their_native_keys()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/practice");
        var (_, slugs, _) = await Questions(page);

        await page.ClickAsync("#practice-reveal");
        await Expect(page.Locator("#practice-answer")).ToBeVisibleAsync();
        await Expect(page.Locator("#practice-reveal")).ToHaveTextAsync("隐藏答案");
        await Expect(page.Locator("#practice-link")).ToHaveAttributeAsync("href", "/a/" + slugs[0]);
        await page.ClickAsync("#practice-unknown");
        await Expect(Total(page, "unknown")).ToHaveTextAsync("1");
        await Expect(page.Locator("#practice-card")).ToHaveAttributeAsync("data-slug", slugs[1]);

        // Space on a focused button presses that button rather than revealing.
        await page.FocusAsync("#practice-prev");
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator("#practice-card")).ToHaveAttributeAsync("data-slug", slugs[0]);
        await Expect(page.Locator("#practice-answer")).ToBeHiddenAsync();
        await Expect(page.Locator("#practice-prev")).ToBeDisabledAsync();

        // Keys typed into a filter do not drive the cards.
        await page.FocusAsync("#practice-order");
        await page.Keyboard.PressAsync("1");
        await Expect(Total(page, "known")).ToHaveTextAsync("0");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Category_filter_limits_the_questions_and_survives_a_reload()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/practice");
        var (_, _, categories) = await Questions(page);
        var category = categories[^1];
        var inCategory = categories.Count(c => c == category);

        await page.SelectOptionAsync("#practice-category", category);
        await Expect(page.Locator("#practice-position")).ToHaveTextAsync($"第 1 / {inCategory} 题");
        Assert.Contains("category=" + category, page.Url, StringComparison.Ordinal);
        await page.Locator("#practice-title").FocusAsync(); // arrow keys in a focused <select> would change it
        for (var i = 0; i < inCategory; i++)
        {
            var slug = await page.Locator("#practice-card").GetAttributeAsync("data-slug");
            var questionCategory = await page.EvaluateAsync<string>(
                $"() => JSON.parse(document.getElementById('practice-data').textContent).questions.find(q => q.slug === '{slug}').category");
            Assert.Equal(category, questionCategory);
            await page.Keyboard.PressAsync("ArrowRight");
        }
        await page.ReloadAsync();
        await Expect(page.Locator("#practice-category")).ToHaveValueAsync(category);
        await Expect(page.Locator("#practice-position")).ToHaveTextAsync($"第 1 / {inCategory} 题");

        // "Not yet known" hides a question once it is marked 会 (after the filter is applied again).
        await page.Keyboard.PressAsync("1");
        await page.SelectOptionAsync("#practice-scope", "todo");
        if (inCategory == 1)
        {
            await Expect(page.Locator("#practice-empty")).ToBeVisibleAsync();
        }
        else
        {
            await Expect(page.Locator("#practice-position")).ToHaveTextAsync($"第 1 / {inCategory - 1} 题");
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Phone_sized_dark_page_fits_the_screen()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.SetViewportSizeAsync(360, 740);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await page.GotoAsync("/practice");
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator("#practice-answer")).ToBeVisibleAsync();
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 360, $"page is {scrollWidth}px wide on a 360px screen");
        foreach (var id in new[] { "practice-reveal", "practice-known", "practice-unknown", "practice-next" })
        {
            var box = await page.Locator("#" + id).BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= 360 && box.Height >= 40, $"#{id} at {box.X}+{box.Width}, height {box.Height}");
        }
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.Equal("rgb(15, 20, 25)", background); // --bg of the dark theme in site.css
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Page_speaks_english_when_asked()
    {
        var (page, errors) = await fixture.NewPageAsync("en");
        await page.GotoAsync("/practice?culture=en");
        await Expect(page.Locator("#practice-reveal")).ToHaveTextAsync("Show answer");
        await Expect(page.Locator("#practice-position")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Question 1 of \\d+$"));
        await page.SelectOptionAsync("#practice-order", "random");
        await page.ReloadAsync();
        await Expect(page.Locator("#practice-reveal")).ToHaveTextAsync("Show answer");
        await Expect(page.Locator("#practice-order")).ToHaveValueAsync("random");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Runnable_example_and_output_get_their_panels_and_output_is_not_highlighted()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/practice");
        var result = await page.EvaluateAsync<string[]>("""
            () => {
                const div = document.createElement("div");
                div.innerHTML = '<pre><code class="language-python">print(1 + 1)</code></pre><pre><code class="language-output">2</code></pre>'
                    + '<pre><code class="language-python">x = 1</code></pre><pre><code class="language-calc">{}</code></pre>';
                document.body.appendChild(div);
                window.KB.enhance(div);
                const [run, out, plain, calc] = div.querySelectorAll("pre");
                return [run.className, out.className, plain.className, out.firstChild.className, calc.firstChild.className,
                        getComputedStyle(run, "::before").content, getComputedStyle(out, "::before").content];
            }
            """);
        Assert.Contains("code-runnable", result[0], StringComparison.Ordinal);
        Assert.Contains("code-output", result[1], StringComparison.Ordinal);
        Assert.DoesNotContain("code-runnable", result[2], StringComparison.Ordinal);
        Assert.DoesNotContain("hljs", result[3], StringComparison.Ordinal);
        Assert.DoesNotContain("hljs", result[4], StringComparison.Ordinal);
        Assert.Equal("\"可运行示例\"", result[5]);
        Assert.Equal("\"输出\"", result[6]);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Article_page_still_typesets_math_and_adds_permalinks()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync("/practice");
        var (_, slugs, _) = await Questions(page);
        await page.GotoAsync("/a/" + slugs[0]);
        await Expect(page.Locator(".article-body h2 .anchor").First).ToBeAttachedAsync();
        var math = await page.Locator(".article-body .math").CountAsync();
        Assert.Equal(math, await page.Locator(".article-body .math .katex").CountAsync());
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
