using System.Text.RegularExpressions;
using PullDoctor.Core.Causes;
using PullDoctor.Core.References;

namespace PullDoctor.Core.Classification;

/// <summary>Reads the facts a message states; only what the text says, never a guess.</summary>
internal static partial class FactExtractor
{
    public static PullFacts Extract(CauseCode cause, string message, string? image, string runtimeError)
    {
        var reference = image is null ? null : ImageReference.Parse(image).Reference;
        var dns = DnsLookup().Match(runtimeError);
        var host = UrlHost().Match(runtimeError) is { Success: true } url ? url.Groups["host"].Value
            : PullingFromHost().Match(runtimeError) is { Success: true } from ? from.Groups["host"].Value
            : dns.Success ? dns.Groups["name"].Value
            : DialHost().Match(runtimeError) is { Success: true } dial ? dial.Groups["host"].Value
            : reference?.RegistryHost;

        return new PullFacts
        {
            Image = image,
            RegistryHost = host,
            Repository = reference?.Path,
            Tag = reference?.Tag ?? reference?.EffectiveTag,
            Digest = reference?.Digest,
            HttpStatus = HttpStatus(runtimeError),
            DnsName = dns.Success ? dns.Groups["name"].Value : null,
            DnsServer = dns.Success && dns.Groups["server"].Success ? dns.Groups["server"].Value : null,
            Platform = cause == CauseCode.PlatformMismatch ? Platform(runtimeError) : null,
            RegistryMessage = RegistryMessage(cause, runtimeError),
            TlsProblem = cause == CauseCode.TlsCertificateError ? TlsProblem(runtimeError) : null,
            SecretNames = SecretNames(message),
            RuntimeError = runtimeError.Length == 0 ? null : runtimeError,
        };
    }

    private static int? HttpStatus(string text)
    {
        var match = StatusCode().Match(text);
        return match.Success && int.TryParse(match.Groups["code"].Value, out var code) ? code : null;
    }

    private static string? Platform(string text)
    {
        var hub = DockerPlatform().Match(text);
        if (hub.Success)
        {
            return hub.Groups["platform"].Value;
        }

        var image = ContainersImagePlatform().Match(text);
        if (!image.Success)
        {
            return null;
        }

        var platform = $"{image.Groups["os"].Value}/{image.Groups["arch"].Value}";
        return image.Groups["variant"].Value.Length > 0 ? $"{platform}/{image.Groups["variant"].Value}" : platform;
    }

    private static string? RegistryMessage(CauseCode cause, string text)
    {
        var keyword = cause switch
        {
            CauseCode.RateLimited => "toomanyrequests: ",
            CauseCode.AccessDenied or CauseCode.RepositoryNotFoundOrPrivate => "denied: ",
            CauseCode.CredentialsExpired => "denied: ",
            _ => null,
        };
        if (keyword is null)
        {
            return null;
        }

        var at = text.IndexOf(keyword, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : text[(at + keyword.Length)..].Trim();
    }

    private static string TlsProblem(string text)
    {
        var lowered = text.ToLowerInvariant();
        var mismatch = NameMismatch().Match(text);
        if (mismatch.Success)
        {
            return $"the certificate is for {mismatch.Groups["valid"].Value}, not {mismatch.Groups["host"].Value} (name mismatch)";
        }

        if (lowered.Contains("unknown authority", StringComparison.Ordinal) || lowered.Contains("self-signed", StringComparison.Ordinal)
            || lowered.Contains("self signed", StringComparison.Ordinal))
        {
            return "the certificate is signed by an authority the node does not trust (unknown authority)";
        }

        if (lowered.Contains("has expired", StringComparison.Ordinal) || lowered.Contains("not yet valid", StringComparison.Ordinal))
        {
            return "the certificate has expired or is not yet valid";
        }

        return lowered.Contains("legacy common name", StringComparison.Ordinal)
            ? "the certificate has no subject alternative names (legacy Common Name only)"
            : "the TLS handshake failed certificate verification";
    }

    private static IReadOnlyList<string> SecretNames(string message)
    {
        var match = PullSecrets().Match(message);
        return match.Success
            ? match.Groups["names"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
    }

    [GeneratedRegex("""lookup (?<name>[^\s:]+)(?: on (?<server>[^\s:]+:\d+))?""", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLookup();

    [GeneratedRegex("""https?://(?<host>[^/\s"]+)/""", RegexOptions.CultureInvariant)]
    private static partial Regex UrlHost();

    [GeneratedRegex("""pulling from host (?<host>[^\s]+) failed""", RegexOptions.CultureInvariant)]
    private static partial Regex PullingFromHost();

    [GeneratedRegex("""dial tcp (?<host>[^\s:]+):\d+""", RegexOptions.CultureInvariant)]
    private static partial Regex DialHost();

    [GeneratedRegex("""(?:\b|: )(?<code>[45]\d\d) (?:Unauthorized|Forbidden|Not Found|Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout|Bad Request)|status(?: code)?:? (?<code>[45]\d\d)\b""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex StatusCode();

    [GeneratedRegex("""no matching manifest for (?<platform>[\w/.-]+) in the manifest list""", RegexOptions.CultureInvariant)]
    private static partial Regex DockerPlatform();

    [GeneratedRegex("""for architecture "?(?<arch>[\w.-]+)"?, variant "?(?<variant>[\w.-]*)"?, OS "?(?<os>[\w.-]+)"?""", RegexOptions.CultureInvariant)]
    private static partial Regex ContainersImagePlatform();

    [GeneratedRegex("""certificate is valid for (?<valid>.+?), not (?<host>[^\s,"]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex NameMismatch();

    [GeneratedRegex("""image pull secrets \((?<names>[^)]*)\)""", RegexOptions.CultureInvariant)]
    private static partial Regex PullSecrets();
}
