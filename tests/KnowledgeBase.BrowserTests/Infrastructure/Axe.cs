using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace KnowledgeBase.BrowserTests.Infrastructure;

/// <summary>
/// Accessibility scan with axe-core (Deque.AxeCore.Playwright, which bundles the axe script and injects it through the
/// DevTools protocol, so the site's strict CSP does not block it). The bar is no serious or critical violation.
/// </summary>
internal static class Axe
{
    /// <summary>Violations of impact serious or critical on the page as it is now (scan after it has settled).</summary>
    public static async Task<IReadOnlyList<AxeResultItem>> SeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        return result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
    }

    /// <summary>Fails with every serious/critical violation: rule, impact, help and up to five offending nodes each.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string label = "")
    {
        var violations = await SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, $"axe {label} {page.Url}:\n" + Describe(violations));
    }

    public static string Describe(IEnumerable<AxeResultItem> violations) => string.Join("\n", violations.Select(v =>
        $"- {v.Id} ({v.Impact}): {v.Help} — {v.Nodes.Length} node(s)\n" +
        string.Join("\n", v.Nodes.Take(5).Select(n => $"    {n.Target}: {Truncate(n.Html, 160)}"))));

    private static string Truncate(string? s, int max) => s is null ? "" : s.Length <= max ? s : s[..max] + "…";
}
