using System.Net;
using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Api;

/// <summary>
/// A failure that the API server reports to the client as a <c>metav1.Status</c> body,
/// exactly as kube-apiserver's <c>k8s.io/apimachinery/pkg/api/errors</c> builds it.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, JsonObject? details = null, TimeSpan? retryAfter = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
        RetryAfter = retryAfter;
    }

    public ApiException()
        : this(500, "InternalError", "internal error")
    {
    }

    public ApiException(string message)
        : this(500, "InternalError", message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = 500;
        Reason = "InternalError";
    }

    public int Code { get; }

    public string Reason { get; } = "InternalError";

    public JsonObject? Details { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>The continue token of an expired-continue 410, which lets a client finish inconsistently.</summary>
    public string? Continue { get; init; }

    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = Continue is null ? new JsonObject() : new JsonObject { ["continue"] = Continue },
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (Details is not null)
        {
            status["details"] = Details.DeepClone();
        }

        status["code"] = Code;
        return status;
    }

    public static ApiException NotFound(GroupResource resource, string name) =>
        new(404, "NotFound", $"{resource} \"{name}\" not found", NameDetails(resource, name));

    public static ApiException AlreadyExists(GroupResource resource, string name) =>
        new(409, "AlreadyExists", $"{resource} \"{name}\" already exists", NameDetails(resource, name));

    public static ApiException Conflict(GroupResource resource, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource} \"{name}\": {detail}", NameDetails(resource, name));

    public static ApiException StaleResourceVersion(GroupResource resource, string name) =>
        Conflict(resource, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static ApiException Forbidden(GroupResource resource, string name, string detail)
    {
        var message = string.IsNullOrEmpty(name)
            ? $"{resource} is forbidden: {detail}"
            : $"{resource} \"{name}\" is forbidden: {detail}";
        return new(403, "Forbidden", message, NameDetails(resource, name));
    }

    public static ApiException Expired(string message) => new(410, "Expired", message);

    public static ApiException Gone(string message) => new(410, "Gone", message);

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json; got {contentType}");

    public static ApiException TooLargeResourceVersion(long requested, long current) =>
        new(504, "Timeout", $"Too large resource version: {requested}, current: {current}",
            new JsonObject
            {
                ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ResourceVersionTooLarge", ["message"] = "Too large resource version" }),
                ["retryAfterSeconds"] = 1,
            });

    /// <summary>422 Invalid: <c>Kind.group "name" is invalid: field: Reason: detail, ...</c>.</summary>
    public static ApiException Invalid(GroupKind kind, string name, IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var causes = new JsonArray();
        foreach (var error in errors)
        {
            causes.Add(new JsonObject
            {
                ["reason"] = error.CauseType,
                ["message"] = error.Detail,
                ["field"] = error.Field,
            });
        }

        var joined = errors.Count == 1
            ? errors[0].ToString()
            : "[" + string.Join(", ", errors.Select(e => e.ToString())) + "]";
        var details = new JsonObject { ["name"] = name };
        if (!string.IsNullOrEmpty(kind.Group))
        {
            details["group"] = kind.Group;
        }

        details["kind"] = kind.Kind;
        details["causes"] = causes;
        return new ApiException(422, "Invalid", $"{kind} \"{name}\" is invalid: {joined}", details);
    }

    public static ApiException Internal(string message) =>
        new(500, "InternalError", $"Internal error occurred: {message}",
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = message }) });

    public static ApiException FromStatusCode(int code, string message, TimeSpan? retryAfter = null)
    {
        var reason = code switch
        {
            400 => "BadRequest",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            409 => "Conflict",
            410 => "Expired",
            422 => "Invalid",
            429 => "TooManyRequests",
            500 => "InternalError",
            503 => "ServiceUnavailable",
            504 => "Timeout",
            _ => ((HttpStatusCode)code).ToString(),
        };
        JsonObject? details = null;
        if (retryAfter is { } after)
        {
            details = new JsonObject { ["retryAfterSeconds"] = (int)Math.Ceiling(after.TotalSeconds) };
        }

        return new ApiException(code, reason, message, details, retryAfter);
    }

    private static JsonObject NameDetails(GroupResource resource, string name)
    {
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }

        if (!string.IsNullOrEmpty(resource.Group))
        {
            details["group"] = resource.Group;
        }

        details["kind"] = resource.Resource;
        return details;
    }
}
