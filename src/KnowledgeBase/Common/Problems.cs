using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeBase.Common;

/// <summary>
/// The one way an endpoint refuses a request: application/problem+json whose <c>field</c> extension names the
/// request part at fault (a query parameter, a route value, a JSON path such as <c>layers[2].groups</c>, or
/// <c>$</c> for the whole body), so a client can point at it without parsing the message.
/// </summary>
internal static class Problems
{
    /// <summary>A problem with any 4xx status, e.g. 404 for an unknown slug or 413 for an oversized body.</summary>
    /// <param name="more">Further members of the answer, e.g. the current revision on a 412.</param>
    public static ProblemHttpResult Field(int status, string field, string title, string detail, IEnumerable<KeyValuePair<string, object?>>? more = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: Extensions(field).Concat(more ?? []));

    /// <summary>400 with the message also under <c>errors[field]</c>, the shape ASP.NET Core uses for validation.</summary>
    public static ValidationProblem Invalid(string field, string title, string detail) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [detail] }, detail: detail, title: title,
            extensions: Extensions(field));

    private static Dictionary<string, object?> Extensions(string field) => new() { ["field"] = field };
}
