using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Core.References;

namespace PullDoctor.Core.Tests.Classification;

/// <summary>
/// The property issue 12 asks for: for any corpus message, renaming the image's host, repository or
/// tag, or adding names to an x509 SAN list, with values built from every keyword the rules use,
/// leaves the cause unchanged. Values are user data; only the runtime's wording may decide.
/// </summary>
public class NamesNeverSteerTests
{
    // Every rule keyword made into a name (lower case, words joined by '-'), plus the names the
    // review used against v1.
    private static readonly string[] HostileNames = FailureRules.Table.Keywords.Concat(StageRules.Table.Keywords)
        .Select(Slug).Where(s => s.Length is > 1 and < 60).Distinct(StringComparer.Ordinal)
        .Concat(["ratelimit", "cosign", "schema1", "x509", "404", "denied", "unauthorized", "forbidden", "timeout", "eof"])
        .ToArray();

    private static IEnumerable<TestCaseData> Rows() =>
        CorpusRow.Load().Select((row, index) => new TestCaseData(row).SetName($"Steer_{index + 1:000}_{row.Cause}"));

    [TestCaseSource(nameof(Rows))]
    public void RenamingTheImage_OrGrowingTheSanList_LeavesTheCause(CorpusRow row)
    {
        var reason = string.IsNullOrEmpty(row.Reason) ? null : row.Reason;
        var expected = Enum.Parse<CauseCode>(row.Cause);
        var variants = Variants(row.Message, reason).ToList();

        var steered = variants.Select(v => (v, MessageClassifier.Classify(v, reason))).Where(p => p.Item2.Cause != expected).Take(3).ToList();

        Assert.That(steered.Select(s => $"{s.Item2.Cause} ({s.Item2.RuleId}): {s.v}"), Is.Empty, $"{variants.Count} variants of: {row.Message}");
    }

    /// <summary>
    /// The same property over every value the parse lifted, not only the image the kubelet quoted:
    /// familiar names in name positions, hosts and repositories inside URLs, DNS lookup names, SAN
    /// and wanted names, secret names, quoted data and file names. Each value is renamed everywhere it
    /// is written, keeping its shape (a host stays a host, a URL a URL), to names built from every rule keyword.
    /// </summary>
    [TestCaseSource(nameof(Rows))]
    public void RenamingAnyValue_LeavesTheCause(CorpusRow row)
    {
        var reason = string.IsNullOrEmpty(row.Reason) ? null : row.Reason;
        var expected = Enum.Parse<CauseCode>(row.Cause);
        var variants = ValueVariants(row.Message).Distinct(StringComparer.Ordinal).Where(v => v != row.Message).ToList();
        if (variants.Count == 0)
        {
            Assert.Pass("the message holds no value that can be renamed (bare wording, addresses and media types only)");
        }

        var steered = variants.Select(v => (v, MessageClassifier.Classify(v, reason))).Where(p => p.Item2.Cause != expected).Take(3).ToList();

        Assert.That(steered.Select(s => $"{s.Item2.Cause} ({s.Item2.RuleId}): {s.v}"), Is.Empty, $"{variants.Count} variants of: {row.Message}");
    }

    [Test]
    public void RenamingAnyValue_CoversMostOfTheCorpus()
    {
        var rows = CorpusRow.Load();
        // Socket addresses and media types have no name to give; rows with none of anything else
        // (bare registry lines such as "manifest unknown") have nothing to rename.
        var nameable = rows.Where(row => Core.Messages.PullMessage.Parse(row.Message).Values.Any(v =>
            v.Kind is not (Core.Messages.ValueKind.Address or Core.Messages.ValueKind.MediaType))).ToList();
        var uncovered = nameable.Where(row => !ValueVariants(row.Message).Any(v => v != row.Message)).ToList();
        var variants = rows.Sum(row => ValueVariants(row.Message).Distinct(StringComparer.Ordinal).Count(v => v != row.Message));
        TestContext.Out.WriteLine($"{nameable.Count - uncovered.Count} of {rows.Count} corpus rows renamed ({nameable.Count} hold a nameable value), {variants} variant messages");
        foreach (var row in uncovered)
        {
            TestContext.Out.WriteLine("not renamed: " + row.Message.ReplaceLineEndings(" "));
        }

        Assert.That(nameable.Count - uncovered.Count, Is.GreaterThanOrEqualTo(nameable.Count * 95 / 100));
    }

    private static IEnumerable<string> ValueVariants(string message)
    {
        var parsed = Core.Messages.PullMessage.Parse(message);
        // A value whose text is also written as wording (a helper called "docker-credential-gcr" that the
        // message also names bare, a path part "image") cannot be renamed by replacing its text.
        var values = parsed.Values.Concat(parsed.Attempts.SelectMany(a => a.Values)).DistinctBy(v => v.Text)
            .Where(v => !System.Text.RegularExpressions.Regex.IsMatch(parsed.Skeleton, $@"(?<![\w.-]){System.Text.RegularExpressions.Regex.Escape(v.Text.ToLowerInvariant())}(?![\w-])"))
            .ToList();
        var slot = 0;
        foreach (var value in values)
        {
            // Each slot gets a share of the names, so that a long message stays a bounded test.
            var names = HostileNames.Where((_, i) => (i + slot) % Math.Max(1, values.Count) == 0 || values.Count <= 3).ToList();
            slot++;
            foreach (var name in names)
            {
                foreach (var renamed in Renamed(value, name))
                {
                    if (renamed != value.Text && message.Contains(value.Text, StringComparison.Ordinal))
                    {
                        yield return ReplaceWhole(message, value.Text, renamed);
                    }
                }
            }
        }
    }

    // Replaces a value where it stands as a whole (not inside a longer word), as a rename would.
    private static string ReplaceWhole(string message, string value, string renamed) =>
        System.Text.RegularExpressions.Regex.Replace(message, $@"(?<![\w.-]){System.Text.RegularExpressions.Regex.Escape(value)}(?![\w-])", renamed.Replace("$", "$$", StringComparison.Ordinal));

    private static IEnumerable<string> Renamed(Core.Messages.MessageValue value, string name)
    {
        var text = value.Text;
        switch (value.Kind)
        {
            case Core.Messages.ValueKind.Reference:
                if (ImageReference.Parse(text).Reference is { } reference)
                {
                    var slash = reference.Path.LastIndexOf('/');
                    var parent = slash < 0 ? string.Empty : reference.Path[..(slash + 1)];
                    var domainWritten = text.StartsWith(reference.Domain + "/", StringComparison.Ordinal);
                    var prefix = domainWritten ? reference.Domain + "/" : string.Empty;
                    var path = domainWritten || text.StartsWith(reference.Path, StringComparison.Ordinal) ? reference.Path
                        : reference.Path.StartsWith("library/", StringComparison.Ordinal) ? reference.Path["library/".Length..] : reference.Path;
                    var renamedParent = domainWritten || text.StartsWith(reference.Path, StringComparison.Ordinal) ? parent
                        : path.LastIndexOf('/') is > 0 and var s ? path[..(s + 1)] : string.Empty;
                    var suffix = (reference.Tag is null ? string.Empty : ":" + reference.Tag) + (reference.Digest is null ? string.Empty : "@" + reference.Digest);
                    yield return prefix + renamedParent + name + suffix;
                    if (reference.Tag is not null && text.Contains(':' + reference.Tag, StringComparison.Ordinal))
                    {
                        yield return prefix + path + ":" + name + (reference.Digest is null ? string.Empty : "@" + reference.Digest);
                    }

                    if (domainWritten && !IsDecidingHost(reference.Domain))
                    {
                        yield return name + ".example/" + path + suffix;
                    }
                }
                else if (IsPlainName(text))
                {
                    yield return name;
                }
                else if (RenamedLastSegment(text, name) is { } renamedAsWritten)
                {
                    // Not a valid reference (upper case, '_' in a host, a query): renamed as written.
                    yield return renamedAsWritten;
                }

                break;
            case Core.Messages.ValueKind.Url:
                var scheme = text.IndexOf("://", StringComparison.Ordinal);
                var hostEnd = scheme < 0 ? -1 : text.IndexOfAny(['/', '?', ':'], scheme + 3);
                if (text.StartsWith("docker://", StringComparison.Ordinal))
                {
                    // containers/image's transport: the rest is a reference.
                    foreach (var renamedReference in Renamed(new Core.Messages.MessageValue(Core.Messages.ValueKind.Reference, text["docker://".Length..]), name))
                    {
                        yield return "docker://" + renamedReference;
                    }

                    break;
                }

                if (scheme > 0)
                {
                    var host = hostEnd < 0 ? text[(scheme + 3)..] : text[(scheme + 3)..hostEnd];
                    if (!IsDecidingHost(host) && !host.Contains('*', StringComparison.Ordinal) && !System.Net.IPAddress.TryParse(host.Trim('[', ']'), out _))
                    {
                        yield return text[..(scheme + 3)] + name + ".example" + (hostEnd < 0 ? string.Empty : text[hostEnd..]);
                    }

                    var v2 = text.IndexOf("/v2/", StringComparison.Ordinal);
                    var api = v2 < 0 ? -1 : text.IndexOfAny(['?'], v2) is var q && q > 0 ? text.LastIndexOf('/', q) : text.LastIndexOf('/');
                    var kindSlash = api <= v2 ? -1 : text.LastIndexOf('/', api - 1);
                    if (kindSlash > v2 + 4 && text.LastIndexOf('/', kindSlash - 1) is var repoSlash && repoSlash >= v2 + 3)
                    {
                        yield return text[..(repoSlash + 1)] + name + text[kindSlash..];
                    }
                    else if (v2 < 0 && hostEnd > 0 && text[hostEnd] == '/' && text.IndexOf('/', hostEnd + 1) is var segmentEnd && segmentEnd > hostEnd + 1)
                    {
                        // A URL outside the API (Docker writes https://ghcr.io/OWNER/REPO/manifests/TAG): its first segment.
                        yield return text[..(hostEnd + 1)] + name + text[segmentEnd..];
                    }
                }

                break;
            case Core.Messages.ValueKind.Host when !IsDecidingHost(text) && !System.Net.IPAddress.TryParse(text.Trim('[', ']'), out _):
                var port = text.LastIndexOf(':');
                yield return name + ".example" + (port > 0 && !text.Contains(']', StringComparison.Ordinal) ? text[port..] : string.Empty);
                break;
            case Core.Messages.ValueKind.LookupName or Core.Messages.ValueKind.CertificateName or Core.Messages.ValueKind.WantedName when !IsDecidingHost(text):
                yield return (text.StartsWith("*.", StringComparison.Ordinal) ? "*." : string.Empty) + name + ".example";
                break;
            case Core.Messages.ValueKind.SecretName or Core.Messages.ValueKind.Other when IsPlainName(text):
                yield return name;
                break;
            case Core.Messages.ValueKind.Digest when text.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon:
                // A digest has no letters to spell a keyword with: the name's own SHA-256, cut to the length written.
                var hex = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));
                var length = Math.Min(hex.Length, text.Length - colon - 1);
                yield return text[..(colon + 1)] + hex[..length] + text[(colon + 1 + length)..];
                break;
            case Core.Messages.ValueKind.Path:
                var last = text.LastIndexOfAny(['/', '\\']);
                if (last >= 0 && last < text.Length - 1)
                {
                    yield return text[..(last + 1)] + name;
                }

                break;
        }
    }

    // The last path segment of a reference-shaped value, renamed (its :tag or @digest kept).
    private static string? RenamedLastSegment(string text, string name)
    {
        var end = text.IndexOfAny(['@', '?']) is var stop && stop > 0 ? stop : text.Length;
        var slash = text.LastIndexOf('/', end - 1);
        var colon = text.LastIndexOf(':', end - 1);
        end = colon > slash ? colon : end;
        return slash < 0 || slash + 1 >= end ? null : text[..(slash + 1)] + name + text[end..];
    }

    // GHCR and GitLab decide by host (there the host is evidence, not a name).
    // The registries whose tables say they deny a missing and a private repository alike (GHCR, GitLab, Quay): their
    // fixed hosts are the one name that decides, by design (RegistryProfile.DeniesMissingAndPrivateAlike).
    private static bool IsDecidingHost(string host) => Core.Registries.RegistryCatalog.DenyingAlike(host) is not null;

    private static bool IsPlainName(string text) => text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    [Test]
    public void TheReviewsExamples_AreNotSteered()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MessageClassifier.Classify("Failed to pull image \"registry.example/app:1\": failed to pull and unpack image \"registry.example/app:1\": failed to resolve reference \"registry.example/app:1\": failed to do request: Head \"https://registry.example/v2/app/manifests/1\": tls: failed to verify certificate: x509: certificate is valid for ratelimit.example, toomanyrequests.example, not registry.example").Cause,
                Is.EqualTo(CauseCode.TlsCertificateError));
            Assert.That(MessageClassifier.Classify("Failed to pull image \"registry.invalid/cosign:1\": failed to pull and unpack image \"registry.invalid/cosign:1\": failed to resolve reference \"registry.invalid/cosign:1\": failed to do request: Head \"https://registry.invalid/v2/cosign/manifests/1\": dial tcp: lookup registry.invalid: no such host").Cause,
                Is.EqualTo(CauseCode.DnsResolutionFailed));
            Assert.That(MessageClassifier.Classify("Failed to pull image \"127.0.0.1:5000/ratelimit:1\": failed to pull and unpack image \"127.0.0.1:5000/ratelimit:1\": failed to resolve reference \"127.0.0.1:5000/ratelimit:1\": failed to do request: Head \"http://127.0.0.1:5000/v2/ratelimit/manifests/1\": dial tcp 127.0.0.1:5000: connect: connection refused").Cause,
                Is.EqualTo(CauseCode.ConnectionRefused));
            Assert.That(MessageClassifier.Classify("Error response from daemon: pull access denied for schema1, repository does not exist or may require 'docker login': denied: requested access to the resource is denied").Cause,
                Is.EqualTo(CauseCode.RepositoryNotFoundOrPrivate));
        });
    }

    private static IEnumerable<string> Variants(string message, string? reason)
    {
        var image = MessageClassifier.Classify(message, reason).Facts.Image;
        if (image is not null && message.Contains(image, StringComparison.Ordinal)
            && ImageReference.Parse(image).Reference is { } reference)
        {
            var lastSlash = reference.Path.LastIndexOf('/');
            var parent = lastSlash < 0 ? string.Empty : reference.Path[..(lastSlash + 1)];
            // A host that decides by itself (GHCR, GitLab, Quay: their tables) keeps its name: there the host is evidence.
            var keepHost = IsDecidingHost(reference.Domain);
            foreach (var name in HostileNames)
            {
                var host = keepHost ? reference.Domain : name + ".example";
                yield return Rename(message, image, reference, reference.Domain, parent + name, reference.Tag);
                yield return Rename(message, image, reference, reference.Domain, reference.Path, name);
                yield return Rename(message, image, reference, host, reference.Path, reference.Tag);
            }
        }

        const string san = "certificate is valid for ";
        if (message.Contains(san, StringComparison.Ordinal))
        {
            yield return message.Replace(san, san + string.Join(", ", HostileNames.Take(40).Select(n => n + ".example")) + ", ", StringComparison.Ordinal);
            yield return message.Replace(san, san + string.Join(", ", HostileNames.Skip(40).Select(n => n + ".example")) + ", ", StringComparison.Ordinal);
        }
    }

    private static string Rename(string message, string image, ImageReference reference, string domain, string path, string? tag)
    {
        var renamed = (reference.Domain != domain || image.StartsWith(reference.Domain + "/", StringComparison.Ordinal) ? domain + "/" : string.Empty)
            + path + (reference.Tag is null ? string.Empty : ":" + tag) + (reference.Digest is null ? string.Empty : "@" + reference.Digest);
        var text = message.Replace(image, renamed, StringComparison.Ordinal);
        if (path != reference.Path)
        {
            text = text.Replace("/" + reference.Path + "/", "/" + path + "/", StringComparison.Ordinal);
        }

        if (tag != reference.Tag && reference.Tag is { } oldTag)
        {
            text = text.Replace("/manifests/" + oldTag, "/manifests/" + tag, StringComparison.Ordinal);
        }

        if (domain != reference.Domain)
        {
            text = text.Replace("//" + reference.Domain + "/", "//" + domain + "/", StringComparison.Ordinal);
        }

        return text;
    }

    private static string Slug(string keyword)
    {
        var chars = keyword.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        return string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
    }
}
