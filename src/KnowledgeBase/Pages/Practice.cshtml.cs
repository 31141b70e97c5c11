using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using KnowledgeBase.Articles;
using KnowledgeBase.Common;
using KnowledgeBase.Practice;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Localization;

namespace KnowledgeBase.Pages;

/// <summary>
/// Practice mode (刷题). The page embeds the categories with their question counts and the first
/// <see cref="FirstCards"/> questions without answers, enough to show the first card at once; further questions come
/// from /api/practice a window at a time and each answer from /api/practice/{slug} when it is revealed
/// (wwwroot/js/practice.js), so the page stays small however large the wiki grows. Progress lives in localStorage.
/// The query string only preselects the filters, so a filtered link can be shared.
/// </summary>
[OutputCache(PolicyName = SiteSetup.CachePolicy)]
public sealed class PracticeModel(PracticeStore practice, ArticleStore articles, IStringLocalizer<SharedResource> l) : PageModel
{
    // Keeps Chinese readable in the page source; HTML-sensitive characters (<, >, &, ') are still escaped,
    // so answer HTML cannot close the surrounding <script> element.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public const int FirstCards = 100;

    public Paged<PracticeCard> Questions { get; private set; } = new([], 0);
    public IReadOnlyList<(string Slug, string Name, long Count)> Categories { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Difficulty { get; set; }
    [BindProperty(SupportsGet = true)] public string? Order { get; set; }
    [BindProperty(SupportsGet = true)] public string? Scope { get; set; }

    public void OnGet()
    {
        Questions = practice.Cards(FirstCards);
        Categories = articles.Categories().Where(c => c.Count > 0).Select(c => (c.Slug, CategoryNames.Display(c), c.Count)).ToList();
        var used = Categories.Select(c => c.Slug).ToHashSet(StringComparer.Ordinal);
        // Unknown values in a hand-edited link fall back to "all" instead of an empty, puzzling page.
        if (Category is not null && !used.Contains(Category)) { Category = null; }
        if (Difficulty is not ("1" or "2" or "3")) { Difficulty = null; }
        if (Order is not "random") { Order = "seq"; }
        if (Scope is not "todo") { Scope = "all"; }
    }

    public string DataJson() => JsonSerializer.Serialize(new
    {
        Questions = Questions.Items,
        Questions.Total,
        Categories = Categories.Select(c => new { c.Slug, c.Name, c.Count }),
        Labels = new Dictionary<string, string>
        {
            ["reveal"] = l["显示答案"],
            ["hide"] = l["隐藏答案"],
            ["position"] = l["第 {0} / {1} 题"],
            ["known"] = l["会"],
            ["unknown"] = l["不会"],
            ["unseen"] = l["未做"],
            ["marked"] = l["已标记：{0}"],
            ["empty"] = l["没有符合条件的题目，换个筛选条件试试。"],
            ["readMore"] = l["阅读全文"],
            ["summaryNote"] = l["以上是答案要点，完整解答见原文。"],
            ["difficulty"] = l["难度"],
            ["total"] = l["合计"],
            ["confirmReset"] = l["确定清除全部刷题进度吗？"],
            ["loading"] = l["正在加载……"],
            ["failed"] = l["加载失败，请检查网络后重试。"],
        },
    }, Json);
}
