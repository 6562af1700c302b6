using System.Text;
using PullDoctor.Core.Classification;

namespace PullDoctor.Core.Tests.Classification;

/// <summary>
/// Writes cause, rule and every fact of every corpus row to the file PULLDOCTOR_CORPUS_DUMP names, so a
/// refactoring of the classifier can be compared byte for byte before and after. Without the variable it
/// checks only that the dump is deterministic.
/// </summary>
public sealed class CorpusDumpTests
{
    [Test]
    public void Dump_IsDeterministic_AndWrittenWhenAsked()
    {
        var first = Dump();
        Assert.That(Dump(), Is.EqualTo(first));
        if (Environment.GetEnvironmentVariable("PULLDOCTOR_CORPUS_DUMP") is { Length: > 0 } path)
        {
            File.WriteAllText(path, first);
        }
    }

    private static string Dump()
    {
        var text = new StringBuilder();
        foreach (var row in CorpusRow.Load())
        {
            var result = MessageClassifier.Classify(row.Message, string.IsNullOrEmpty(row.Reason) ? null : row.Reason);
            var f = result.Facts;
            text.Append(result.Cause).Append(' ').Append(result.RuleId).Append('\t').Append(Escape(row.Message)).Append('\n');
            foreach (var (name, value) in new (string, object?)[]
            {
                ("image", f.Image), ("registryHost", f.RegistryHost), ("repository", f.Repository), ("tag", f.Tag), ("digest", f.Digest),
                ("httpStatus", f.HttpStatus), ("dnsName", f.DnsName), ("dnsServer", f.DnsServer), ("dnsLookupTimedOut", f.DnsLookupTimedOut),
                ("viaProxy", f.ViaProxy), ("proxyAddress", f.ProxyAddress), ("platform", f.Platform), ("registryMessage", f.RegistryMessage),
                ("tlsProblem", f.TlsProblem), ("secretNames", string.Join("|", f.SecretNames)), ("isSandboxImage", f.IsSandboxImage),
                ("rejectedAtAdmission", f.RejectedAtAdmission), ("admissionWebhook", f.AdmissionWebhook), ("runtimeError", f.RuntimeError),
            })
            {
                text.Append("  ").Append(name).Append('=').Append(Escape(value switch { null => "(null)", bool b => b ? "true" : "false", _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) })).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Escape(string? value) => (value ?? "(null)").Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}
