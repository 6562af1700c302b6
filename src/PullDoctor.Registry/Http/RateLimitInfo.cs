using System.Globalization;

namespace PullDoctor.Registry.Http;

/// <summary>
/// What a 429 said about its limit: <c>Retry-After</c> (seconds or an HTTP date), Docker Hub's
/// <c>ratelimit-limit</c>/<c>ratelimit-remaining</c> (<c>100;w=21600</c>: 100 pulls per 21600 s window) and the
/// IETF draft's <c>ratelimit-reset</c> (seconds).
/// </summary>
public sealed record RateLimitInfo(TimeSpan? RetryAfter, int? Limit, int? Remaining, TimeSpan? Window, string? Source)
{
    /// <summary>"resets in 2h 13m", "the window is 6h (100 pulls, 0 left)", or null when nothing was said.</summary>
    public string? ResetText
    {
        get
        {
            if (RetryAfter is { } after)
            {
                return $"resets in {Humanize(after)}";
            }

            if (Window is { } window)
            {
                var counts = Limit is null ? string.Empty : $" ({Limit} pulls{(Remaining is null ? string.Empty : $", {Remaining} left")})";
                return $"resets within {Humanize(window)}, the length of the limit's window{counts}";
            }

            return null;
        }
    }

    public static RateLimitInfo? From(ResponseHeaders headers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        TimeSpan? retryAfter = null;
        if (First(headers, "Retry-After") is { } retry)
        {
            if (int.TryParse(retry.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                retryAfter = TimeSpan.FromSeconds(seconds);
            }
            else if (DateTimeOffset.TryParseExact(retry.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                retryAfter = date > now ? date - now : TimeSpan.Zero;
            }
        }

        if (retryAfter is null && First(headers, "RateLimit-Reset") is { } reset
            && int.TryParse(reset.Split(';')[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var resetSeconds))
        {
            retryAfter = TimeSpan.FromSeconds(resetSeconds);
        }

        var (limit, window) = ParseQuota(First(headers, "RateLimit-Limit"));
        var (remaining, remainingWindow) = ParseQuota(First(headers, "RateLimit-Remaining"));
        var source = First(headers, "Docker-RateLimit-Source");
        if (retryAfter is null && limit is null && remaining is null)
        {
            return null;
        }

        return new RateLimitInfo(retryAfter, limit, remaining, window ?? remainingWindow, source);
    }

    internal static string Humanize(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return $"{Math.Max(0, (int)Math.Ceiling(span.TotalSeconds))}s";
        }

        if (span < TimeSpan.FromHours(1))
        {
            return span.Seconds == 0 ? $"{(int)span.TotalMinutes}m" : $"{(int)span.TotalMinutes}m {span.Seconds}s";
        }

        return span.Minutes == 0 ? $"{(int)span.TotalHours}h" : $"{(int)span.TotalHours}h {span.Minutes}m";
    }

    // "100;w=21600" → (100, 6h); "100" → (100, null).
    private static (int? Value, TimeSpan? Window) ParseQuota(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        var parts = text.Split(';', StringSplitOptions.TrimEntries);
        int? value = int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        TimeSpan? window = null;
        foreach (var part in parts.Skip(1))
        {
            if (part.StartsWith("w=", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(part[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var w))
            {
                window = TimeSpan.FromSeconds(w);
            }
        }

        return (value, window);
    }

    private static string? First(ResponseHeaders headers, string name) => headers[name];
}
