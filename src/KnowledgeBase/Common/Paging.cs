using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace KnowledgeBase.Common;

/// <summary>One page of a longer list, with the length of the whole list.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, long Total);

/// <summary>A window of a list requested by <c>limit</c> and <c>offset</c>.</summary>
public readonly record struct Window(int Limit, int Offset);

/// <summary>
/// Paging for lists that grow with the wiki: <c>?page=N</c> on HTML lists (<see cref="Pager"/>, rendered by
/// Pages/Shared/_Pager.cshtml) and <c>limit</c>/<c>offset</c> on JSON lists, which stay plain arrays and carry the
/// total in <c>X-Total-Count</c> and the next window in a <c>Link: &lt;…&gt;; rel="next"</c> header.
/// </summary>
internal static class Paging
{
    public const int PageSize = 50;
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
    public const string TotalHeader = "X-Total-Count";

    /// <summary>
    /// <c>page</c> of an HTML list: absent is 1; anything but a whole number ≥ 1 is refused (the caller answers 400)
    /// rather than guessed, so a mistyped link is seen as one. Read from the query string itself: in Razor Pages the
    /// route value "page" names the page, and model binding would find that first.
    /// </summary>
    public static bool TryParsePage(string? value, out int page)
    {
        page = 1;
        if (value is null) { return true; }
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out page) && page >= 1;
    }

    /// <summary>The offset of an HTML list's page (a huge page number stays an int: it is past the end, not negative).</summary>
    public static int OffsetOf(int page) => (int)Math.Min(int.MaxValue, (page - 1L) * PageSize);

    /// <summary>
    /// <c>limit</c> (1..<paramref name="maxLimit"/>, default <paramref name="defaultLimit"/>) and <c>offset</c> (≥ 0, default 0)
    /// from the query string; a value out of range or not a whole number is a 400 naming the parameter.
    /// </summary>
    public static ValidationProblem? TryParseWindow(string? limit, string? offset, out Window window,
        int defaultLimit = DefaultLimit, int maxLimit = MaxLimit)
    {
        window = new Window(defaultLimit, 0);
        var take = defaultLimit;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) && take is >= 1 && take <= maxLimit))
        {
            return Problems.Invalid("limit", "Invalid paging parameter", $"limit must be a whole number from 1 to {maxLimit}.");
        }
        var skip = 0;
        if (offset is not null && !int.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out skip))
        {
            return Problems.Invalid("offset", "Invalid paging parameter", $"offset must be a whole number from 0 to {int.MaxValue}.");
        }
        window = new Window(take, skip);
        return null;
    }

    /// <summary>X-Total-Count, and while items remain after this window a Link to the next one (same query, next offset).</summary>
    public static void AddHeaders(HttpContext http, Window window, long total)
    {
        var response = http.Response;
        response.Headers[TotalHeader] = total.ToString(CultureInfo.InvariantCulture);
        var next = (long)window.Offset + window.Limit;
        if (next >= total) { return; }
        var query = http.Request.Query
            .Where(p => p.Key is not ("limit" or "offset"))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new("limit", window.Limit.ToString(CultureInfo.InvariantCulture)))
            .Append(new("offset", next.ToString(CultureInfo.InvariantCulture)));
        response.Headers.Link = $"<{QueryHelpers.AddQueryString(http.Request.PathBase + http.Request.Path, query)}>; rel=\"next\"";
    }
}

/// <summary>Page <see cref="Page"/> of <see cref="PageCount"/>, for Pages/Shared/_Pager.cshtml; <paramref name="url"/> gives a page's address.</summary>
public sealed class Pager(int page, int pageCount, Func<int, string> url)
{
    public int Page { get; } = page;
    public int PageCount { get; } = Math.Max(1, pageCount);
    public bool Exists => Page <= PageCount;
    public string Url(int page) => url(page);

    /// <summary>Page <paramref name="page"/> of a list of <paramref name="total"/> items at <see cref="Paging.PageSize"/> a page, at <c>path?page=N</c>.</summary>
    public static Pager For(int page, long total, string path) =>
        new(page, (int)Math.Min(int.MaxValue, (total + Paging.PageSize - 1) / Paging.PageSize),
            p => p <= 1 ? path : path + "?page=" + p.ToString(CultureInfo.InvariantCulture));

    /// <summary>The page numbers to link: the first, the last and two either side of this one; 0 marks a gap.</summary>
    public IEnumerable<int> Numbers()
    {
        var last = 0;
        foreach (var p in new[] { 1, Page - 2, Page - 1, Page, Page + 1, Page + 2, PageCount })
        {
            if (p <= last || p < 1 || p > PageCount) { continue; }
            if (p > last + 1) { yield return 0; }
            yield return p;
            last = p;
        }
    }
}
