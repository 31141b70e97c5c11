using System.Text.RegularExpressions;
using Dapper;
using KnowledgeBase.Common;
using KnowledgeBase.Data;
using KnowledgeBase.Pages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeBase.Practice;

/// <summary>
/// One practice card: the article's title is the question, its 答案要点 section the answer
/// (<see cref="IsSummary"/> false when the article has no such section and the whole article is the answer).
/// </summary>
public sealed record PracticeQuestion(
    string Slug, string Title, string? TitleEn, string Category, int? Difficulty, string Url, string AnswerHtml, bool IsSummary);

/// <summary>Questions for practice mode (刷题), in reading order: category order, then the article order inside it.</summary>
public sealed class PracticeStore(Db db)
{
    public IReadOnlyList<PracticeQuestion> Questions(string? category = null, int? difficulty = null)
    {
        const string sql = """
            SELECT a.slug AS Slug, a.title AS Title, a.title_en AS TitleEn, a.category AS Category,
                   a.difficulty AS Difficulty, unpack(a.html) AS Html
            FROM articles a LEFT JOIN categories c ON c.slug = a.category
            WHERE (@category IS NULL OR a.category = @category) AND (@difficulty IS NULL OR a.difficulty = @difficulty)
            ORDER BY c.sort_order, a.category, a.sort_order, a.title
            """;
        using var connection = db.Open();
        return connection.Query<(string Slug, string Title, string? TitleEn, string Category, long? Difficulty, string Html)>(
                sql, new { category, difficulty })
            .Select(r =>
            {
                var (answer, isSummary) = PracticeAnswer.Extract(r.Html);
                return new PracticeQuestion(r.Slug, r.Title, r.TitleEn, r.Category, (int?)r.Difficulty,
                    Urls.Article(r.Slug), answer, isSummary);
            })
            .ToList();
    }

    public bool CategoryExists(string category)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM categories WHERE slug = @category)";
        using var connection = db.Open();
        return connection.ExecuteScalar<bool>(sql, new { category });
    }
}

public static partial class PracticeAnswer
{
    /// <summary>
    /// The 答案要点 section of rendered article HTML (without its heading): the short answer a reader checks
    /// themselves against. The HTML is our renderer's sanitized output, whose h2 ids come from
    /// <see cref="Articles.Anchors"/>, so a pattern over it is reliable. No such section: the whole article.
    /// </summary>
    public static (string Html, bool IsSummary) Extract(string html)
    {
        var match = SummaryRegex().Match(html);
        return match.Success && match.Groups["body"].Value.Trim().Length > 0
            ? (match.Groups["body"].Value.Trim(), true)
            : (html, false);
    }

    [GeneratedRegex("""<h2\b[^>]*\bid="答案要点[^"]*"[^>]*>.*?</h2>(?<body>.*?)(?=<h2\b|\z)""", RegexOptions.Singleline)]
    private static partial Regex SummaryRegex();
}

public static class PracticeApi
{
    public static IServiceCollection AddPractice(this IServiceCollection services) => services.AddSingleton<PracticeStore>();

    /// <summary>
    /// GET /api/practice?category=&amp;difficulty= — the practice questions with their answer HTML. Empty values
    /// mean "all"; an unknown category or a difficulty other than 1-3 is a 400 naming the field.
    /// </summary>
    public static RouteGroupBuilder MapPracticeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/practice").WithTags("Practice");
        group.MapGet("/", List).CacheOutput(SiteSetup.CachePolicy);
        return group;
    }

    private const string InvalidFilter = "Invalid filter";

    // difficulty is bound as a string so that "abc" gets our problem naming the field, not a bare binding failure.
    private static Results<Ok<PracticeQuestion[]>, ValidationProblem> List(string? category, string? difficulty, PracticeStore store)
    {
        category = string.IsNullOrWhiteSpace(category) ? null : category.Trim();
        if (category is not null && !store.CategoryExists(category))
        {
            return Problems.Invalid("category", InvalidFilter, $"No category has the slug '{category}'.");
        }
        int? level = null;
        if (!string.IsNullOrWhiteSpace(difficulty))
        {
            if (!int.TryParse(difficulty, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d)
                || d is < 1 or > 3)
            {
                return Problems.Invalid("difficulty", InvalidFilter, "difficulty must be 1, 2 or 3.");
            }
            level = d;
        }
        return TypedResults.Ok(store.Questions(category, level).ToArray());
    }
}
