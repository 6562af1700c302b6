using System.Globalization;
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
internal static class MessageFacts
{
    public static PullFacts Read(Reading reading, PullMessage message, string? kubeletImage)
    {
        var (cause, stage) = (reading.Cause, reading.Stage);
        // The image is parsed once: the kubelet's, else the one the runtime's wording names.
        var (image, reference) = kubeletImage is { Length: > 0 } ? (kubeletImage, ImageReference.Parse(kubeletImage).Reference) : RuntimeImage(message);
        var manifestIn = ManifestIn(message);
        var writtenRepository = Text(message, NamedRepository(message))
            ?? Text(message, ValueBetween(message, "pull access denied for ", ","))
            ?? Text(message, manifestIn + 1, manifestIn >= 0);
        reference ??= writtenRepository is null ? null : ImageReference.Parse(writtenRepository).Reference;
        writtenRepository = writtenRepository is null ? null : WithoutDomain(writtenRepository);

        var lookup = ValueBetween(message, "lookup ");
        var viaProxy = message.Skeleton.Contains("proxyconnect tcp", StringComparison.Ordinal);
        var dnsName = Text(message, lookup);

        return new PullFacts
        {
            Image = image,
            RegistryHost = RequestedHost(message) ?? dnsName ?? DialedHost(message)
                ?? reference?.Domain ?? (image is null ? null : DomainAsWritten(image)),
            Repository = writtenRepository ?? reference?.Path,
            Tag = Text(message, manifestIn) ?? reference?.Tag ?? reference?.EffectiveTag,
            Digest = reference?.Digest ?? NamedDigest(message),
            HttpStatus = HttpStatus(message),
            DnsName = dnsName,
            DnsServer = Text(message, lookup + 1, lookup >= 0 && NextAfter(message, lookup, " on ")),
            DnsLookupTimedOut = reading.Failure == Failure.LookupTimedOut,
            ViaProxy = viaProxy,
            ProxyAddress = viaProxy ? Text(message, ValueBetween(message, "proxyconnect tcp: dial tcp ", alternative: "proxyconnect tcp: dial tcp: lookup ")) : null,
            Platform = cause == CauseCode.PlatformMismatch ? Platform(message) : null,
            RegistryMessage = RegistryMessage(cause, message.RuntimeError),
            TlsProblem = cause == CauseCode.TlsCertificateError ? TlsProblem(message) : null,
            SecretNames = SecretNames(message),
            IsSandboxImage = message.IsSandboxImage,
            RejectedAtAdmission = stage == Stage.Admission,
            AdmissionWebhook = stage == Stage.Admission ? Text(message, ValueBetween(message, "admission webhook \"", "\" denied")) : null,
            RuntimeError = message.RuntimeError.Length == 0 ? null : message.RuntimeError,
        };
    }

    // A placeholder is three characters: ‹, the kind's letter, ›.
    private const int PlaceholderLength = 3;

    /// <summary>
    /// The first value (in the skeleton's order) whose placeholder the wording <paramref name="lead"/> (or
    /// <paramref name="alternative"/>) directly precedes and <paramref name="after"/> directly follows; -1 if none.
    /// Each value knows where its placeholder is, so this reads the wording at the slots and never searches the text.
    /// </summary>
    private static int ValueBetween(PullMessage message, string lead, string after = "", string? alternative = null, int from = 0)
    {
        var offsets = message.ValueOffsets;
        for (var i = from; i < offsets.Count; i++)
        {
            if ((Precedes(message, i, lead) || (alternative is not null && Precedes(message, i, alternative))) && Follows(message, i, after))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Precedes(PullMessage message, int value, string wording) =>
        message.Skeleton.AsSpan(0, message.ValueOffsets[value]).EndsWith(wording, StringComparison.Ordinal);

    private static bool Follows(PullMessage message, int value, string wording) =>
        message.Skeleton.AsSpan(message.ValueOffsets[value] + PlaceholderLength).StartsWith(wording, StringComparison.Ordinal);

    // True when value + 1 is the placeholder right after value's placeholder and the wording between them.
    private static bool NextAfter(PullMessage message, int value, string between) =>
        value + 1 < message.ValueOffsets.Count && Follows(message, value, between)
        && message.ValueOffsets[value + 1] == message.ValueOffsets[value] + PlaceholderLength + between.Length;

    private static string? Text(PullMessage message, int value, bool when = true) =>
        when && value >= 0 && value < message.Values.Count ? message.Values[value].Text : null;

    // containers/image: "reading manifest TAG in REPOSITORY"; the tag's value (the repository's is the next).
    private static int ManifestIn(PullMessage message)
    {
        for (var i = ValueBetween(message, "reading manifest "); i >= 0; i = ValueBetween(message, "reading manifest ", from: i + 1))
        {
            if (NextAfter(message, i, " in "))
            {
                return i;
            }
        }

        return -1;
    }

    // Harbor "unauthorized to access repository: R, action"; ECR "The repository with name 'R' does not exist".
    private static int NamedRepository(PullMessage message)
    {
        for (var i = 0; i < message.ValueOffsets.Count; i++)
        {
            if ((Precedes(message, i, "access repository: ") && Follows(message, i, ","))
                || (Precedes(message, i, "repository with name '") && Follows(message, i, "'")))
            {
                return i;
            }
        }

        return -1;
    }

    private static IEnumerable<MessageValue> ValuesOf(PullMessage message, ValueKind kind) => message.Values.Where(value => value.Kind == kind);

    // The image the runtime's wording names, else the first registry-qualified reference in the message;
    // with its parse, so that the reference is parsed once.
    private static (string? Image, ImageReference? Reference) RuntimeImage(PullMessage message)
    {
        if (ValueAfterLead(message, ImageLeads) is { } named)
        {
            return (named, ImageReference.Parse(named).Reference);
        }

        foreach (var value in message.Values)
        {
            if (value.Kind == ValueKind.Url && value.Text.StartsWith(DockerTransport, StringComparison.Ordinal)
                && ImageReference.Parse(value.Text[DockerTransport.Length..]) is { IsValid: true } source)
            {
                return (value.Text[DockerTransport.Length..], source.Reference);
            }

            if (value.Kind == ValueKind.Reference && value.Text.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash
                && value.Text.AsSpan(0, slash).Contains('.') && ImageReference.Parse(value.Text) is { IsValid: true } written)
            {
                return (value.Text, written.Reference);
            }
        }

        return (null, null);
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

        if (Text(message, ValueBetween(message, "pulling from host ", " failed")) is { } mirror)
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
        if (Text(message, ValueBetween(message, "dial tcp ")) is not { } address)
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
        var digest = ValueAfterLead(message, DigestLeads, quoted: false);
        return ReferenceGrammar.IsDigest(digest) ? digest : null;
    }

    // The HTTP status: the first of the four wordings that holds (in this order), at its leftmost place.
    // A status starts where the wording wrote a '4' or a '5', which the lifter noted while it wrote the skeleton.
    internal static int? HttpStatus(PullMessage message)
    {
        var digits = message.StatusDigits;
        for (var wording = StatusWording.WithPhrase; digits.Count > 0 && wording <= StatusWording.FromRegistry; wording++)
        {
            foreach (var at in digits)
            {
                if (StatusAt(message.Skeleton, at, wording))
                {
                    if (int.TryParse(message.Skeleton.AsSpan(at, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                    {
                        return code;
                    }

                    // Only a wording's first place counts (digits that are not ASCII): the next wording.
                    break;
                }
            }
        }

        return null;
    }

    private enum StatusWording
    {
        // "401 Unauthorized", "]: 503 Service Unavailable"
        WithPhrase,

        // "status 404", "status: 429", "status code 502", "status code: 401"
        StatusWord,

        // "http code 429"
        HttpCode,

        // "from registry 401"
        FromRegistry,
    }

    private static readonly string[] StatusPhrases =
        ["unauthorized", "forbidden", "not found", "too many requests", "internal server error", "bad gateway", "service unavailable", "gateway timeout", "bad request"];

    private static readonly string[] StatusWords = ["status ", "status: ", "status code ", "status code: "];

    private static bool StatusAt(string skeleton, int at, StatusWording wording)
    {
        if (at + 3 > skeleton.Length || !char.IsDigit(skeleton[at + 1]) || !char.IsDigit(skeleton[at + 2]))
        {
            return false;
        }

        var before = skeleton.AsSpan(0, at);
        var rest = skeleton.AsSpan(at + 3);
        var endsWord = rest.Length == 0 || !IsWordCharacter(rest[0]);
        return wording switch
        {
            StatusWording.WithPhrase => (at == 0 || !IsWordCharacter(skeleton[at - 1])) && rest.StartsWith(' ') && StartsWithAny(rest[1..], StatusPhrases),
            StatusWording.StatusWord => endsWord && EndsWithAny(before, StatusWords),
            StatusWording.HttpCode => endsWord && before.EndsWith("http code ", StringComparison.Ordinal),
            _ => endsWord && before.EndsWith("from registry ", StringComparison.Ordinal),
        };
    }

    private static bool StartsWithAny(ReadOnlySpan<char> text, string[] words)
    {
        foreach (var word in words)
        {
            if (text.StartsWith(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWithAny(ReadOnlySpan<char> text, string[] words)
    {
        foreach (var word in words)
        {
            if (text.EndsWith(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // A regex word character (\w): a letter, a decimal digit, a non-spacing mark or a connector.
    private static bool IsWordCharacter(char ch) =>
        char.IsLetterOrDigit(ch) || CharUnicodeInfo.GetUnicodeCategory(ch) is UnicodeCategory.NonSpacingMark or UnicodeCategory.ConnectorPunctuation;

    private static string? Platform(PullMessage message)
    {
        if (Text(message, ValueBetween(message, "no matching manifest for ", " in the manifest list")) is { } listed)
        {
            return listed;
        }

        if (Text(message, ValueBetween(message, "platform ", " in manifest")) is { } current && ReferenceGrammar.IsPlatform(current))
        {
            return current;
        }

        return ContainersImagePlatform(message);
    }

    // containers/image: `for architecture "arm64", variant "v8", os "linux"`, each part quoted ("arm64", lifted
    // as a value) or bare (arm64, a word). Read only for a platform mismatch.
    private static string? ContainersImagePlatform(PullMessage message)
    {
        const string lead = "for architecture ";
        var skeleton = message.Skeleton;
        for (var at = skeleton.IndexOf(lead, StringComparison.Ordinal); at >= 0; at = skeleton.IndexOf(lead, at + 1, StringComparison.Ordinal))
        {
            var i = at + lead.Length;
            if (PlatformPart(message, ref i, empty: false, out var arch) && Literal(skeleton, ref i, ", variant ")
                && PlatformPart(message, ref i, empty: true, out var variant) && Literal(skeleton, ref i, ", os ")
                && PlatformPart(message, ref i, empty: false, out var os))
            {
                return variant.Length > 0 ? $"{os}/{arch}/{variant}" : $"{os}/{arch}";
            }
        }

        return null;
    }

    // "?(‹X›|[\w.-]+)"? — a placeholder's value, or the word as written.
    private static bool PlatformPart(PullMessage message, ref int i, bool empty, out string part)
    {
        var skeleton = message.Skeleton;
        part = string.Empty;
        var at = i < skeleton.Length && skeleton[i] == '"' ? i + 1 : i;
        var value = ValueAt(message, at);
        int end;
        if (value >= 0)
        {
            part = message.Values[value].Text;
            end = at + PlaceholderLength;
        }
        else
        {
            end = at;
            while (end < skeleton.Length && (IsWordCharacter(skeleton[end]) || skeleton[end] is '.' or '-'))
            {
                end++;
            }

            if (end == at && !empty)
            {
                return false;
            }

            part = skeleton[at..end];
        }

        i = end < skeleton.Length && skeleton[end] == '"' ? end + 1 : end;
        return true;
    }

    private static int ValueAt(PullMessage message, int offset)
    {
        for (var i = 0; i < message.ValueOffsets.Count; i++)
        {
            if (message.ValueOffsets[i] == offset)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Literal(string skeleton, ref int i, string wording)
    {
        if (!skeleton.AsSpan(i).StartsWith(wording, StringComparison.Ordinal))
        {
            return false;
        }

        i += wording.Length;
        return true;
    }

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

        // kubelet ≤ 1.20: "Unable to retrieve pull secret NS/NAME for NS/POD due to secret "NAME" not found".
        return Text(message, ValueBetween(message, "due to secret \"", "\" not found", alternative: "due to secrets \"")) is { } single ? [single] : [];
    }

    // containerd "failed to pull and unpack image", "failed to resolve reference"; Docker "manifest for X not found".
    private static readonly string[] ImageLeads =
        ["unpack image", "resolve reference", "pulling image", "pull image", "resolve image", "resolve ref", "manifest for", "short-name", "image name", "pull failed for"];

    /// <summary>
    /// The value right after the leftmost of <paramref name="leads"/> that a value follows (<c>LEAD "‹X›</c>
    /// or <c>LEAD ‹X›</c>): read at each value's slot, leftmost first. (A lead is wording, so it never spans
    /// a placeholder: the leftmost lead is the one before the first value that has one.)
    /// </summary>
    private static string? ValueAfterLead(PullMessage message, string[] leads, bool quoted = true)
    {
        var skeleton = message.Skeleton;
        for (var i = 0; i < message.ValueOffsets.Count; i++)
        {
            var before = skeleton.AsSpan(0, message.ValueOffsets[i]);
            before = quoted && before.EndsWith(" \"", StringComparison.Ordinal) ? before[..^2]
                : before.EndsWith(' ') ? before[..^1]
                : [];
            if (before.Length > 0 && EndsWithAny(before, leads))
            {
                return message.Values[i].Text;
            }
        }

        return null;
    }

    // The digest a layer or manifest should have had ("expected sha256:…"), else the manifest named.
    private static readonly string[] DigestLeads = ["expected", "manifest", "for digest"];
}
