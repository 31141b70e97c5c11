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

/// <summary>A question without its answer: what the practice page lists before the reader asks for an answer.</summary>
public sealed record PracticeCard(string Slug, string Title, string? TitleEn, string Category, int? Difficulty, string Url);

/// <summary>
/// Questions for practice mode (刷题), in reading order: category order, then the article order inside it. Always a
/// window or a single question: a wiki of thousands of articles never goes out in one response.
/// </summary>
public sealed class PracticeStore(Db db)
{
    private const string Columns = "a.slug AS Slug, a.title AS Title, a.title_en AS TitleEn, a.category AS Category, a.difficulty AS Difficulty";
    private const string Filter = "(@category IS NULL OR a.category = @category) AND (@difficulty IS NULL OR a.difficulty = @difficulty)";
    private const string ReadingOrder = "c.sort_order, a.category, a.sort_order, a.title";

    public Paged<PracticeQuestion> Questions(string? category, int? difficulty, int limit, int offset)
    {
        const string sql = $"""
            SELECT {Columns}, unpack(a.html, a.markdown, 1) AS Html
            FROM articles a LEFT JOIN categories c ON c.slug = a.category
            WHERE {Filter} ORDER BY {ReadingOrder} LIMIT @limit OFFSET @offset
            """;
        using var connection = db.Open();
        var parameters = new { category, difficulty, limit, offset };
        var items = connection.Query<Row>(sql, parameters).Select(r => r.Question()).ToList();
        return new Paged<PracticeQuestion>(items, Count(connection, parameters));
    }

    public PracticeQuestion? Question(string slug)
    {
        const string sql = $"SELECT {Columns}, unpack(a.html, a.markdown, 1) AS Html FROM articles a WHERE a.slug = @slug";
        using var connection = db.Open();
        return connection.QuerySingleOrDefault<Row>(sql, new { slug })?.Question();
    }

    /// <summary>The first questions without answers, for the page to show a card before any request.</summary>
    public Paged<PracticeCard> Cards(int limit)
    {
        const string sql = $"""
            SELECT {Columns} FROM articles a LEFT JOIN categories c ON c.slug = a.category
            WHERE {Filter} ORDER BY {ReadingOrder} LIMIT @limit
            """;
        using var connection = db.Open();
        var parameters = new { category = (string?)null, difficulty = (int?)null, limit };
        var items = connection.Query<(string Slug, string Title, string? TitleEn, string Category, long? Difficulty)>(sql, parameters)
            .Select(r => new PracticeCard(r.Slug, r.Title, r.TitleEn, r.Category, (int?)r.Difficulty, Urls.Article(r.Slug)))
            .ToList();
        return new Paged<PracticeCard>(items, Count(connection, parameters));
    }

    private static long Count(Microsoft.Data.Sqlite.SqliteConnection connection, object parameters)
    {
        const string sql = $"SELECT COUNT(*) FROM articles a WHERE {Filter}";
        return connection.ExecuteScalar<long>(sql, parameters);
    }

    public bool CategoryExists(string category)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM categories WHERE slug = @category)";
        using var connection = db.Open();
        return connection.ExecuteScalar<bool>(sql, new { category });
    }

    private sealed record Row(string Slug, string Title, string? TitleEn, string Category, long? Difficulty, string Html)
    {
        // For Dapper on an empty result, where SQLite reports the computed Html column as BLOB (see Category).
        private Row() : this("", "", null, "", null, "") { }

        public PracticeQuestion Question()
        {
            var (answer, isSummary) = PracticeAnswer.Extract(Html);
            return new PracticeQuestion(Slug, Title, TitleEn, Category, (int?)Difficulty, Urls.Article(Slug), answer, isSummary);
        }
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

    // Smaller windows than /api/articles: every question carries its rendered answer (figures, calculator
    // pictures), about 6 KB each, and no response should pass 300 KB.
    private const int DefaultLimit = 20;
    private const int MaxLimit = 50;

    /// <summary>
    /// GET /api/practice?category=&amp;difficulty=&amp;limit=&amp;offset= — the practice questions with their answer HTML,
    /// <c>limit</c> (default 20, at most 50) at a time, total in X-Total-Count and the next window in a Link header.
    /// Empty filter values mean "all"; an unknown category or a difficulty other than 1-3 is a 400 naming the field.
    /// GET /api/practice/{slug} — one question with its answer, which the practice page fetches when it is revealed.
    /// </summary>
    public static RouteGroupBuilder MapPracticeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/practice").WithTags("Practice");
        group.MapGet("/", List).CacheOutput(SiteSetup.CachePolicy);
        group.MapGet("/{slug}", Get).CacheOutput(SiteSetup.CachePolicy);
        return group;
    }

    private const string InvalidFilter = "Invalid filter";

    // difficulty is bound as a string so that "abc" gets our problem naming the field, not a bare binding failure.
    private static Results<Ok<PracticeQuestion[]>, ValidationProblem> List(
        string? category, string? difficulty, string? limit, string? offset, PracticeStore store, HttpContext http)
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
        if (Paging.TryParseWindow(limit, offset, out var window, DefaultLimit, MaxLimit) is { } problem) { return problem; }
        var page = store.Questions(category, level, window.Limit, window.Offset);
        Paging.AddHeaders(http, window, page.Total);
        return TypedResults.Ok(page.Items.ToArray());
    }

    private static Results<Ok<PracticeQuestion>, ProblemHttpResult> Get(string slug, PracticeStore store) =>
        store.Question(slug) is { } question
            ? TypedResults.Ok(question)
            : Problems.Field(StatusCodes.Status404NotFound, "slug", "Question not found", $"No article has the slug '{slug}'.");
}
