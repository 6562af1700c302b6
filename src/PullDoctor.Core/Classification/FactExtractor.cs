using System.Text.RegularExpressions;
using PullDoctor.Core.Messages;
using PullDoctor.Core.Causes;
using PullDoctor.Core.References;

namespace PullDoctor.Core.Classification;

/// <summary>Reads the facts a message states; only what the text says, never a guess.</summary>
internal static partial class FactExtractor
{
    public static PullFacts Extract(CauseCode cause, string message, string? image, string runtimeError)
    {
        if (string.IsNullOrEmpty(image))
        {
            image = RuntimeImage().Match(runtimeError) is { Success: true } named ? named.Groups["image"].Value
                : QualifiedImage(runtimeError);
        }

        var reference = image is null ? null : ImageReference.Parse(image).Reference;
        var manifestIn = ManifestIn().Match(runtimeError);
        var deniedFor = PullAccessDeniedFor().Match(runtimeError);
        var namedRepository = NamedRepository().Match(runtimeError);
        var writtenRepository = namedRepository.Success ? namedRepository.Groups["repository"].Value
            : deniedFor.Success ? deniedFor.Groups["repository"].Value
            : manifestIn.Success ? manifestIn.Groups["repository"].Value
            : null;
        reference ??= writtenRepository is null ? null : ImageReference.Parse(writtenRepository).Reference;

        // The host the runtime talked to, as the message names it; else the image's registry domain
        // as people write it (docker.io, not the API host registry-1.docker.io).
        var dns = DnsLookup().Match(runtimeError);
        var host = UrlHost().Match(runtimeError) is { Success: true } url ? url.Groups["host"].Value
            : PullingFromHost().Match(runtimeError) is { Success: true } from ? from.Groups["host"].Value
            : SourceHost().Match(runtimeError) is { Success: true } source ? source.Groups["host"].Value
            : dns.Success ? dns.Groups["name"].Value
            : DialHost().Match(runtimeError) is { Success: true } dial ? dial.Groups["host"].Value
            : reference?.Domain ?? (image is null ? null : DomainAsWritten(image));

        return new PullFacts
        {
            Image = image,
            RegistryHost = host,
            Repository = writtenRepository ?? reference?.Path,
            Tag = manifestIn.Success ? manifestIn.Groups["tag"].Value : reference?.Tag ?? reference?.EffectiveTag,
            Digest = reference?.Digest ?? (DigestInText().Match(runtimeError) is { Success: true } d ? d.Groups["digest"].Value : null),
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

    // splitDockerDomain without validation, so an unparsable reference still names its registry.
    private static string DomainAsWritten(string image)
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? string.Empty : image[..slash];
        return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"
            ? first
            : DockerHub.Domain;
    }

    private static int? HttpStatus(string text)
    {
        foreach (var pattern in StatusPatterns)
        {
            var match = pattern.Match(text);
            if (match.Success && int.TryParse(match.Groups["code"].Value, out var code))
            {
                return code;
            }
        }

        return null;
    }

    private static string? Platform(string text)
    {
        var hub = DockerPlatform().Match(text);
        if (hub.Success)
        {
            return hub.Groups["platform"].Value;
        }

        var current = PlatformInManifest().Match(text);
        if (current.Success)
        {
            return current.Groups["platform"].Value;
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
        if (match.Success)
        {
            return match.Groups["names"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var single = PullSecretNotFound().Match(message);
        return single.Success ? [single.Groups["name"].Value] : [];
    }

    [GeneratedRegex("""lookup (?<name>[^\s:]+)(?: on (?<server>[^\s:]+:\d+))?""", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLookup();

    // The first URL, unless it is documentation a registry's error text links to.
    [GeneratedRegex("""https?://(?!(?:www\.|docs\.)?docker\.com/|aka\.ms/|docs\.)(?<host>[^/\s"]+)/""", RegexOptions.CultureInvariant)]
    private static partial Regex UrlHost();

    // containerd "failed to pull and unpack image", "failed to resolve reference"; Docker "manifest for X not found".
    [GeneratedRegex("""(?:(?:unpack image|resolve reference|pulling image|pull image|resolve image) "|(?:resolve ref|manifest for|short-name|image name|pull failed for|source docker://) ?"?)(?<image>[^\s":,@]+(?::[\w][\w.-]*)?(?:@sha\d+:[0-9a-f]+)?)""", RegexOptions.CultureInvariant)]
    private static partial Regex RuntimeImage();

    // containers/image: "reading manifest TAG in REPOSITORY".
    [GeneratedRegex("""[Rr]eading manifest (?<tag>[^\s]+) in (?<repository>[^\s:]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex ManifestIn();

    /// <summary>
    /// Last resort: a registry-qualified name as a whole word, e.g. "failed to pull ghcr.io/org/app: …".
    /// A scan from each '/' rather than a regex, which would try every position of the message.
    /// </summary>
    private static string? QualifiedImage(string text)
    {
        for (var slash = text.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = slash + 1 < text.Length ? text.IndexOf('/', slash + 1) : -1)
        {
            var start = text.LastIndexOf(' ', slash) + 1;
            var end = start;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != ',')
            {
                end++;
            }

            var token = text[start..end].TrimEnd(':');
            var host = token[..Math.Max(0, token.IndexOf('/', StringComparison.Ordinal))];
            if (host.Contains('.', StringComparison.Ordinal) && !token.Contains("://", StringComparison.Ordinal) && ImageReference.Parse(token).IsValid)
            {
                return token;
            }

            slash = Math.Max(slash, end);
        }

        return null;
    }

    // containers/image: "docker://HOST/…" names the registry a short name was expanded to.
    [GeneratedRegex("""docker://(?<host>[^/\s]+)/""", RegexOptions.CultureInvariant)]
    private static partial Regex SourceHost();

    // Harbor "unauthorized to access repository: R, action"; ECR "The repository with name 'R' does not exist".
    [GeneratedRegex("""(?:access repository: (?<repository>[^\s,]+),|repository with name '(?<repository>[^']+)')""", RegexOptions.CultureInvariant)]
    private static partial Regex NamedRepository();

    // Docker: "pull access denied for REPOSITORY, repository does not exist ...".
    [GeneratedRegex("""pull access denied for (?<repository>[^\s,]+),""", RegexOptions.CultureInvariant)]
    private static partial Regex PullAccessDeniedFor();

    [GeneratedRegex("""pulling from host (?<host>[^\s]+) failed""", RegexOptions.CultureInvariant)]
    private static partial Regex PullingFromHost();

    [GeneratedRegex("""dial tcp (?<host>[^\s:]+):\d+""", RegexOptions.CultureInvariant)]
    private static partial Regex DialHost();

    // One pattern per wording, each with a literal start the regex generator can search for fast.
    private static readonly Regex[] StatusPatterns = [StatusWithPhrase(), StatusCodeWord(), HttpCode(), FromRegistry()];

    [GeneratedRegex("""(?<!\w)(?<code>[45]\d\d) (?:Unauthorized|Forbidden|Not Found|Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout|Bad Request)""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex StatusWithPhrase();

    [GeneratedRegex("""status(?: code)?:? (?<code>[45]\d\d)\b""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex StatusCodeWord();

    [GeneratedRegex("""HTTP code (?<code>[45]\d\d)\b""", RegexOptions.CultureInvariant)]
    private static partial Regex HttpCode();

    [GeneratedRegex("""from registry (?<code>[45]\d\d)\b""", RegexOptions.CultureInvariant)]
    private static partial Regex FromRegistry();

    [GeneratedRegex("""no matching manifest for (?<platform>[\w/.-]+) in the manifest list""", RegexOptions.CultureInvariant)]
    private static partial Regex DockerPlatform();

    [GeneratedRegex("""for architecture "?(?<arch>[\w.-]+)"?, variant "?(?<variant>[\w.-]*)"?, OS "?(?<os>[\w.-]+)"?""", RegexOptions.CultureInvariant)]
    private static partial Regex ContainersImagePlatform();

    [GeneratedRegex("""certificate is valid for (?<valid>.+?), not (?<host>[^\s,"]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex NameMismatch();

    [GeneratedRegex("""image pull secrets \((?<names>[^)]*)\)""", RegexOptions.CultureInvariant)]
    private static partial Regex PullSecrets();

    // kubelet ≤ 1.20: "Unable to retrieve pull secret NS/NAME for NS/POD due to secret "NAME" not found".
    [GeneratedRegex("""due to secrets? "(?<name>[^"]+)" not found""", RegexOptions.CultureInvariant)]
    private static partial Regex PullSecretNotFound();

    // The digest a layer or manifest should have had ("expected sha256:…"), else the manifest named.
    [GeneratedRegex("""(?:expected |manifest |for digest )(?<digest>sha(?:256|384|512):[0-9a-f]{64,128})""", RegexOptions.CultureInvariant)]
    private static partial Regex DigestInText();

    [GeneratedRegex("""platform (?<platform>[a-z0-9]+/[a-z0-9_]+(?:/[a-z0-9]+)?) in manifest""", RegexOptions.CultureInvariant)]
    private static partial Regex PlatformInManifest();
}
