using System.Text.RegularExpressions;
using PullDoctor.Core.Causes;
using PullDoctor.Core.Messages;
using PullDoctor.Core.References;

namespace PullDoctor.Core.Classification;

/// <summary>
/// Reads the facts a message states from its parse: the runtime's wording is matched on the
/// skeleton (where every value is a placeholder), and each fact is the value in the slot the wording
/// points at. A name can therefore never move a fact: "lookup ‹L›" names the lookup whatever the
/// host is called, and a repository called "lookup" is a value, not wording. Only what the text says.
/// </summary>
internal static partial class MessageFacts
{
    public static PullFacts Read(Reading reading, PullMessage message, string? kubeletImage)
    {
        var (cause, stage) = (reading.Cause, reading.Stage);
        var image = kubeletImage is { Length: > 0 } ? kubeletImage : RuntimeImage(message);
        var reference = image is null ? null : ImageReference.Parse(image).Reference;
        var manifestIn = ManifestIn().Match(message.Skeleton);
        var writtenRepository = Slot(message, NamedRepository().Match(message.Skeleton))
            ?? Slot(message, PullAccessDeniedFor().Match(message.Skeleton))
            ?? Slot(message, manifestIn, "repository");
        reference ??= writtenRepository is null ? null : ImageReference.Parse(writtenRepository).Reference;
        writtenRepository = writtenRepository is null ? null : WithoutDomain(writtenRepository);

        var lookup = DnsLookup().Match(message.Skeleton);
        var viaProxy = message.Skeleton.Contains("proxyconnect tcp", StringComparison.Ordinal);
        var dnsName = Slot(message, lookup);

        return new PullFacts
        {
            Image = image,
            RegistryHost = RequestedHost(message) ?? dnsName ?? DialedHost(message)
                ?? reference?.Domain ?? (image is null ? null : DomainAsWritten(image)),
            Repository = writtenRepository ?? reference?.Path,
            Tag = Slot(message, manifestIn, "tag") ?? reference?.Tag ?? reference?.EffectiveTag,
            Digest = reference?.Digest ?? NamedDigest(message),
            HttpStatus = HttpStatus(message.Skeleton),
            DnsName = dnsName,
            DnsServer = Slot(message, lookup, "server"),
            DnsLookupTimedOut = reading.Failure == Failure.LookupTimedOut,
            ViaProxy = viaProxy,
            ProxyAddress = viaProxy ? Slot(message, ProxyDialed().Match(message.Skeleton)) : null,
            Platform = cause == CauseCode.PlatformMismatch ? Platform(message) : null,
            RegistryMessage = RegistryMessage(cause, message.RuntimeError),
            TlsProblem = cause == CauseCode.TlsCertificateError ? TlsProblem(message) : null,
            SecretNames = SecretNames(message),
            IsSandboxImage = message.IsSandboxImage,
            RejectedAtAdmission = stage == Stage.Admission,
            AdmissionWebhook = stage == Stage.Admission ? Slot(message, AdmissionWebhook().Match(message.Skeleton)) : null,
            RuntimeError = message.RuntimeError.Length == 0 ? null : message.RuntimeError,
        };
    }

    /// <summary>The value whose placeholder a group captured (the n-th placeholder is the n-th value).</summary>
    private static string? Slot(PullMessage message, Match match, string group = "v")
    {
        var captured = match.Groups[group];
        if (!match.Success || !captured.Success || captured.Length == 0 || captured.Value[0] != ValueLifter.Open)
        {
            return null;
        }

        var index = message.Skeleton.AsSpan(0, captured.Index).Count(ValueLifter.Open);
        return index < message.Values.Count ? message.Values[index].Text : null;
    }

    private static IEnumerable<MessageValue> ValuesOf(PullMessage message, ValueKind kind) => message.Values.Where(value => value.Kind == kind);

    // The image the runtime's wording names, else the first registry-qualified reference in the message.
    private static string? RuntimeImage(PullMessage message)
    {
        if (SlotAfterLead(message, ImageLeads) is { } named)
        {
            return named;
        }

        foreach (var value in message.Values)
        {
            if (value.Kind == ValueKind.Url && value.Text.StartsWith(DockerTransport, StringComparison.Ordinal)
                && ImageReference.Parse(value.Text[DockerTransport.Length..]).IsValid)
            {
                return value.Text[DockerTransport.Length..];
            }

            if (value.Kind == ValueKind.Reference && value.Text.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash
                && value.Text.AsSpan(0, slash).Contains('.') && ImageReference.Parse(value.Text).IsValid)
            {
                return value.Text;
            }
        }

        return null;
    }

    // containers/image names its source "docker://HOST/REPO:TAG".
    private const string DockerTransport = "docker://";

    // The host of the first request the runtime made (not a documentation link in a registry's text),
    // else the host containerd's mirror code names, else a containers/image source.
    private static string? RequestedHost(PullMessage message)
    {
        foreach (var url in message.Values)
        {
            if (url.Kind != ValueKind.Url)
            {
                continue;
            }

            var text = url.Text;
            var scheme = text.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8
                : text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7 : -1;
            var slash = scheme < 0 ? -1 : text.IndexOf('/', scheme);
            if (slash > scheme && !IsDocumentationLink(text.AsSpan(scheme)))
            {
                return text[scheme..slash];
            }
        }

        if (Slot(message, PullingFromHost().Match(message.Skeleton)) is { } mirror)
        {
            return mirror;
        }

        foreach (var url in message.Values)
        {
            if (url.Kind == ValueKind.Url && url.Text.StartsWith(DockerTransport, StringComparison.Ordinal) && url.Text.IndexOf('/', DockerTransport.Length) is > 0 and var end)
            {
                return url.Text[DockerTransport.Length..end];
            }
        }

        return null;
    }

    private static bool IsDocumentationLink(ReadOnlySpan<char> afterScheme) =>
        afterScheme.StartsWith("docker.com/", StringComparison.OrdinalIgnoreCase) || afterScheme.StartsWith("www.docker.com/", StringComparison.OrdinalIgnoreCase)
        || afterScheme.StartsWith("docs.", StringComparison.OrdinalIgnoreCase) || afterScheme.StartsWith("aka.ms/", StringComparison.OrdinalIgnoreCase);

    // "dial tcp ADDRESS:PORT" names the host as the socket saw it.
    private static string? DialedHost(PullMessage message)
    {
        if (Slot(message, DialTcp().Match(message.Skeleton)) is not { } address)
        {
            return null;
        }

        if (address.StartsWith('['))
        {
            var close = address.IndexOf(']', StringComparison.Ordinal);
            return close > 1 ? address[1..close] : null;
        }

        var colon = address.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? address : colon == address.LastIndexOf(':') ? address[..colon] : address;
    }

    // containers/image writes the repository with its registry ("reading manifest latest in
    // quay.io/org/app"); registries write the path alone ("repository with name 'team/app'").
    private static string WithoutDomain(string repository)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && DomainAsWritten(repository) == repository[..slash] ? repository[(slash + 1)..] : repository;
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

    private static string? NamedDigest(PullMessage message)
    {
        var digest = SlotAfterLead(message, DigestLeads, quoted: false);
        return ReferenceGrammar.IsDigest(digest) ? digest : null;
    }

    private static int? HttpStatus(string skeleton)
    {
        foreach (var pattern in StatusPatterns)
        {
            var match = pattern.Match(skeleton);
            if (match.Success && int.TryParse(match.Groups["code"].Value, out var code))
            {
                return code;
            }
        }

        return null;
    }

    private static string? Platform(PullMessage message)
    {
        if (Slot(message, DockerPlatform().Match(message.Skeleton)) is { } listed)
        {
            return listed;
        }

        if (Slot(message, PlatformInManifest().Match(message.Skeleton)) is { } current && ReferenceGrammar.IsPlatform(current))
        {
            return current;
        }

        var image = ContainersImagePlatform().Match(message.Skeleton);
        if (!image.Success)
        {
            return null;
        }

        var os = SlotOrWord(message, image, "os");
        var arch = SlotOrWord(message, image, "arch");
        var variant = SlotOrWord(message, image, "variant");
        return variant.Length > 0 ? $"{os}/{arch}/{variant}" : $"{os}/{arch}";
    }

    // containers/image quotes the platform's parts ("arm64") or writes them bare (arm64).
    private static string SlotOrWord(PullMessage message, Match match, string group) =>
        Slot(message, match, group) ?? match.Groups[group].Value;

    // A registry's own sentence after its error code. The code with its ": " cannot be inside a value
    // (values hold no spaces), so finding it in the text cannot be steered by a name.
    private static string? RegistryMessage(CauseCode cause, string text)
    {
        var keyword = cause switch
        {
            CauseCode.RateLimited => "toomanyrequests: ",
            CauseCode.AccessDenied or CauseCode.RepositoryNotFoundOrPrivate or CauseCode.CredentialsExpired => "denied: ",
            _ => null,
        };
        if (keyword is null)
        {
            return null;
        }

        var at = text.IndexOf(keyword, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : text[(at + keyword.Length)..].Trim();
    }

    private static string TlsProblem(PullMessage message)
    {
        var valid = ValuesOf(message, ValueKind.CertificateName).Select(value => value.Text).ToList();
        var wanted = ValuesOf(message, ValueKind.WantedName).Select(value => value.Text).FirstOrDefault();
        if (valid.Count > 0 && wanted is not null)
        {
            return $"the certificate is for {string.Join(", ", valid)}, not {wanted} (name mismatch)";
        }

        var skeleton = message.Skeleton;
        if (skeleton.Contains("doesn't contain any ip sans", StringComparison.Ordinal))
        {
            // Go crypto/x509 HostnameError: the registry was addressed by IP, the certificate names hosts only.
            return wanted is null
                ? "the registry was addressed by IP address and its certificate has no IP entries (IP SANs)"
                : $"the registry was addressed by IP address {wanted} and its certificate has no IP entries (IP SANs)";
        }

        if (skeleton.Contains("unknown authority", StringComparison.Ordinal) || skeleton.Contains("self-signed", StringComparison.Ordinal)
            || skeleton.Contains("self signed", StringComparison.Ordinal))
        {
            return "the certificate is signed by an authority the node does not trust (unknown authority)";
        }

        if (skeleton.Contains("has expired", StringComparison.Ordinal) || skeleton.Contains("not yet valid", StringComparison.Ordinal))
        {
            return "the certificate has expired or is not yet valid";
        }

        return skeleton.Contains("legacy common name", StringComparison.Ordinal)
            ? "the certificate has no subject alternative names (legacy Common Name only)"
            : "the TLS handshake failed certificate verification";
    }

    private static IReadOnlyList<string> SecretNames(PullMessage message)
    {
        List<string>? listed = null;
        foreach (var value in message.Values)
        {
            if (value.Kind == ValueKind.SecretName)
            {
                (listed ??= []).Add(value.Text);
            }
        }

        if (listed is not null)
        {
            return listed;
        }

        return Slot(message, PullSecretNotFound().Match(message.Skeleton)) is { } single ? [single] : [];
    }

    // A placeholder in a pattern: the lifter's ‹X›, X an upper-case kind letter.
    private const string Value = "‹[A-Z]›";

    // containerd "failed to pull and unpack image", "failed to resolve reference"; Docker "manifest for X not found".
    private static readonly string[] ImageLeads =
        ["unpack image", "resolve reference", "pulling image", "pull image", "resolve image", "resolve ref", "manifest for", "short-name", "image name", "pull failed for"];

    /// <summary>
    /// The value right after the leftmost of <paramref name="leads"/> that a value follows
    /// (<c>LEAD "‹X›</c> or <c>LEAD ‹X›</c>); the same answer as one regex alternation of the leads,
    /// with a literal search per lead instead of a regex scan (this runs for every message).
    /// </summary>
    private static string? SlotAfterLead(PullMessage message, string[] leads, bool quoted = true)
    {
        var skeleton = message.Skeleton;
        var best = -1;
        var bestValue = -1;
        foreach (var lead in leads)
        {
            for (var at = skeleton.IndexOf(lead, StringComparison.Ordinal); at >= 0 && (best < 0 || at < best); at = skeleton.IndexOf(lead, at + 1, StringComparison.Ordinal))
            {
                var value = at + lead.Length;
                if (value < skeleton.Length && skeleton[value] == ' ')
                {
                    value++;
                    value += quoted && value < skeleton.Length && skeleton[value] == '"' ? 1 : 0;
                    if (IsPlaceholderAt(skeleton, value))
                    {
                        best = at;
                        bestValue = value;
                        break;
                    }
                }
            }
        }

        if (bestValue < 0)
        {
            return null;
        }

        var index = skeleton.AsSpan(0, bestValue).Count(ValueLifter.Open);
        return index < message.Values.Count ? message.Values[index].Text : null;
    }

    private static bool IsPlaceholderAt(string skeleton, int at) =>
        at + 2 < skeleton.Length && skeleton[at] == ValueLifter.Open && char.IsAsciiLetterUpper(skeleton[at + 1]) && skeleton[at + 2] == ValueLifter.Close;

    // containers/image: "reading manifest TAG in REPOSITORY".
    [GeneratedRegex("reading manifest (?<tag>" + Value + ") in (?<repository>" + Value + ")", RegexOptions.CultureInvariant)]
    private static partial Regex ManifestIn();

    // Harbor "unauthorized to access repository: R, action"; ECR "The repository with name 'R' does not exist".
    [GeneratedRegex("(?:access repository: (?<v>" + Value + "),|repository with name '(?<v>" + Value + ")')", RegexOptions.CultureInvariant)]
    private static partial Regex NamedRepository();

    // Docker: "pull access denied for REPOSITORY, repository does not exist ...".
    [GeneratedRegex("pull access denied for (?<v>" + Value + "),", RegexOptions.CultureInvariant)]
    private static partial Regex PullAccessDeniedFor();

    [GeneratedRegex("lookup (?<v>" + Value + ")(?: on (?<server>" + Value + "))?", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLookup();

    // Go net/http: "proxyconnect tcp: dial tcp ADDRESS: …" or "proxyconnect tcp: dial tcp: lookup NAME …".
    [GeneratedRegex("proxyconnect tcp: dial tcp(?:: lookup)? (?<v>" + Value + ")", RegexOptions.CultureInvariant)]
    private static partial Regex ProxyDialed();

    [GeneratedRegex("pulling from host (?<v>" + Value + ") failed", RegexOptions.CultureInvariant)]
    private static partial Regex PullingFromHost();

    [GeneratedRegex("dial tcp (?<v>" + Value + ")", RegexOptions.CultureInvariant)]
    private static partial Regex DialTcp();

    // The digest a layer or manifest should have had ("expected sha256:…"), else the manifest named.
    private static readonly string[] DigestLeads = ["expected", "manifest", "for digest"];

    // One pattern per wording, each with a literal start the regex generator can search for fast.
    private static readonly Regex[] StatusPatterns = [StatusWithPhrase(), StatusCodeWord(), HttpCode(), FromRegistry()];

    [GeneratedRegex("""(?<!\w)(?<code>[45]\d\d) (?:unauthorized|forbidden|not found|too many requests|internal server error|bad gateway|service unavailable|gateway timeout|bad request)""", RegexOptions.CultureInvariant)]
    private static partial Regex StatusWithPhrase();

    [GeneratedRegex("""status(?: code)?:? (?<code>[45]\d\d)\b""", RegexOptions.CultureInvariant)]
    private static partial Regex StatusCodeWord();

    [GeneratedRegex("""http code (?<code>[45]\d\d)\b""", RegexOptions.CultureInvariant)]
    private static partial Regex HttpCode();

    [GeneratedRegex("""from registry (?<code>[45]\d\d)\b""", RegexOptions.CultureInvariant)]
    private static partial Regex FromRegistry();

    [GeneratedRegex("no matching manifest for (?<v>" + Value + ") in the manifest list", RegexOptions.CultureInvariant)]
    private static partial Regex DockerPlatform();

    [GeneratedRegex("platform (?<v>" + Value + ") in manifest", RegexOptions.CultureInvariant)]
    private static partial Regex PlatformInManifest();

    [GeneratedRegex("for architecture \"?(?<arch>" + Value + """|[\w.-]+)"?, variant "?(?<variant>""" + Value + """|[\w.-]*)"?, os "?(?<os>""" + Value + """|[\w.-]+)"?""", RegexOptions.CultureInvariant)]
    private static partial Regex ContainersImagePlatform();

    // k8s.io/apiserver webhook admission: `admission webhook "NAME" denied the request: …`.
    [GeneratedRegex("admission webhook \"(?<v>" + Value + ")\" denied", RegexOptions.CultureInvariant)]
    private static partial Regex AdmissionWebhook();

    // kubelet ≤ 1.20: "Unable to retrieve pull secret NS/NAME for NS/POD due to secret "NAME" not found".
    [GeneratedRegex("due to secrets? \"(?<v>" + Value + ")\" not found", RegexOptions.CultureInvariant)]
    private static partial Regex PullSecretNotFound();
}
