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
            // A host that decides by itself (GHCR, GitLab) keeps its name: there the host is evidence.
            var keepHost = reference.Domain is "ghcr.io" or "registry.gitlab.com";
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
