using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadOrchestrator.Common;

/// <summary>
/// The one way to refuse a request: a problem details response (RFC 9457) whose <c>code</c> says, for
/// programs, what was refused — stable across versions, unlike the words in <c>detail</c>, which are for
/// people. <see cref="Refused"/> names the code; <see cref="Invalid"/> is a field-by-field 400
/// (<c>code: invalid</c>). A 4xx sent without a body (<c>TypedResults.NotFound()</c>, the rate limiter,
/// a malformed request the framework turned away) is filled by status code pages, and
/// <see cref="AddCode"/> gives it the code of its status, so every 4xx carries one.
/// </summary>
public static class Problems
{
    public const string InvalidCode = "invalid";

    /// <param name="extra">More for programs beside the code (e.g. a taken slot's alternatives).</param>
    public static ProblemHttpResult Refused(int status, string code, string detail, string? title = null, IReadOnlyDictionary<string, object?>? extra = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        foreach (var (key, value) in extra ?? new Dictionary<string, object?>())
            extensions[key] = value;
        return TypedResults.Problem(detail, statusCode: status, title: title, extensions: extensions);
    }

    public static ValidationProblem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, extensions: new Dictionary<string, object?> { ["code"] = InvalidCode });

    /// <summary>The code of a problem whose endpoint named none: its status's, in words.</summary>
    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "bad_request",
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status413PayloadTooLarge => "too_large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        StatusCodes.Status429TooManyRequests => "too_many_requests",
        >= 500 => "server_error",
        _ => "refused",
    };

    /// <summary>Every problem the app writes passes here (<c>AddProblemDetails</c>): one without a code gets its status's.</summary>
    public static void AddCode(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (!problem.Extensions.ContainsKey("code"))
            problem.Extensions["code"] = problem is HttpValidationProblemDetails ? InvalidCode : CodeFor(problem.Status ?? context.HttpContext.Response.StatusCode);
    }
}
