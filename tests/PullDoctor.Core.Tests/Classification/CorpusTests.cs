using System.Text.Json;
using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;

namespace PullDoctor.Core.Tests.Classification;

/// <summary>Every real message of the corpus gets its expected cause and the facts it states.</summary>
public class CorpusTests
{
    private static IEnumerable<TestCaseData> Rows() =>
        CorpusRow.Load().Select((row, index) => new TestCaseData(row).SetName($"Corpus_{index + 1:000}_{row.Cause}"));

    [TestCaseSource(nameof(Rows))]
    public void Classify_RealMessage_GivesExpectedCauseAndFacts(CorpusRow row)
    {
        var expected = Enum.Parse<CauseCode>(row.Cause);

        var result = MessageClassifier.Classify(row.Message, string.IsNullOrEmpty(row.Reason) ? null : row.Reason);

        Assert.That(result.Cause, Is.EqualTo(expected), $"rule {result.RuleId}; origin {row.Origin}; message {row.Message}");
        foreach (var (name, value) in row.Facts ?? [])
        {
            Assert.That(Fact(result.Facts, name), Is.EqualTo(value.ValueKind == JsonValueKind.Number ? value.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : value.GetString()),
                $"fact {name}; message {row.Message}");
        }
    }

    [Test]
    public void Corpus_CoversEveryCauseAMessageCanExpress()
    {
        var covered = CorpusRow.Load().Select(row => Enum.Parse<CauseCode>(row.Cause)).ToHashSet();
        // PullSecretInvalid is observed by reading the secret (the kubelet says nothing specific);
        // the operator's tests cover it.
        var expressible = Enum.GetValues<CauseCode>().Where(c => c != CauseCode.PullSecretInvalid);

        Assert.That(expressible.Except(covered), Is.Empty);
    }

    [Test]
    public void Corpus_HasAtLeast600RealMessages() =>
        Assert.That(CorpusRow.Load().Select(row => row.Message).Distinct(StringComparer.Ordinal).Count(), Is.GreaterThanOrEqualTo(600), "distinct messages");

    private static string? Fact(PullFacts facts, string name) => name switch
    {
        "image" => facts.Image,
        "registryHost" => facts.RegistryHost,
        "repository" => facts.Repository,
        "tag" => facts.Tag,
        "digest" => facts.Digest,
        "httpStatus" => facts.HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "dnsName" => facts.DnsName,
        "platform" => facts.Platform,
        "admissionWebhook" => facts.RejectedAtAdmission ? facts.AdmissionWebhook : "(not rejected at admission)",
        _ => throw new AssertionException($"unknown fact '{name}' in the corpus"),
    };
}
