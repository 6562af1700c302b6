using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace PullDoctor.Operator.Kube;

/// <summary>
/// Classifies API errors the way apimachinery's errors.IsNotFound/IsConflict/... do, for the two shapes
/// KubernetesClient produces: <see cref="HttpOperationException"/> (non-2xx response) and
/// <see cref="KubernetesException"/> (a Status inside a watch stream). Wrapped exceptions are searched.
/// </summary>
public static class KubeErrors
{
    public static bool IsNotFound(Exception? exception) => StatusCode(exception) == 404;

    /// <summary>409 from a stale resourceVersion (not the AlreadyExists flavour of 409).</summary>
    public static bool IsConflict(Exception? exception) => StatusCode(exception) == 409 && Reason(exception) != "AlreadyExists";

    public static bool IsAlreadyExists(Exception? exception) => StatusCode(exception) == 409 && Reason(exception) == "AlreadyExists";

    /// <summary>410 Gone / reason Expired: the resourceVersion or continue token is too old; relist.</summary>
    public static bool IsGone(Exception? exception) =>
        StatusCode(exception) == 410 || Reason(exception) is "Expired" or "Gone";

    public static bool IsTooManyRequests(Exception? exception) => StatusCode(exception) == 429;

    public static bool IsServerError(Exception? exception) => StatusCode(exception) is >= 500 and < 600;

    public static bool IsForbidden(Exception? exception) => StatusCode(exception) == 403;

    /// <summary>The HTTP status (or the watch Status code), or null for transport errors.</summary>
    public static int? StatusCode(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case HttpOperationException { Response: { } response }:
                    return (int)response.StatusCode;
                case KubernetesException { Status.Code: { } code }:
                    return code;
                case HttpRequestException { StatusCode: { } status }:
                    return (int)status;
            }
        }

        return null;
    }

    /// <summary>The Status reason (NotFound, Conflict, AlreadyExists, Expired, ...) when the server sent one.</summary>
    public static string? Reason(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case KubernetesException { Status: { } status }:
                    return status.Reason;
                case HttpOperationException { Response: { } response }:
                    return TryReadStatus(response.Content)?.Reason;
            }
        }

        return null;
    }

    /// <summary>How long the server asked us to wait (Retry-After header, or Status details.retryAfterSeconds).</summary>
    public static TimeSpan? RetryAfter(Exception? exception, TimeProvider? time = null)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case HttpOperationException { Response: { } response }:
                    return ParseRetryAfter(response.Headers, time ?? TimeProvider.System)
                        ?? Seconds(TryReadStatus(response.Content)?.Details?.RetryAfterSeconds);
                case KubernetesException { Status: { } status }:
                    return Seconds(status.Details?.RetryAfterSeconds);
            }
        }

        return null;
    }

    /// <summary>Parses a Retry-After value: delta-seconds or an HTTP date.</summary>
    public static TimeSpan? ParseRetryAfter(string? value, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (string.IsNullOrWhiteSpace(value))
            return null;
        value = value.Trim();
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static TimeSpan? ParseRetryAfter(IDictionary<string, IEnumerable<string>>? headers, TimeProvider time)
    {
        if (headers is null)
            return null;
        foreach (var (name, values) in headers)
        {
            if (string.Equals(name, "Retry-After", StringComparison.OrdinalIgnoreCase))
                return ParseRetryAfter(values.FirstOrDefault(), time);
        }

        return null;
    }

    private static TimeSpan? Seconds(int? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;

    private static V1Status? TryReadStatus(string? content)
    {
        if (string.IsNullOrEmpty(content) || !content.Contains("\"Status\"", StringComparison.Ordinal))
            return null;
        try
        {
            return KubernetesJson.Deserialize<V1Status>(content);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
