using System.Security.Cryptography;
using System.Text;
using PullDoctor.Core.Remediation;

namespace PullDoctor.Operator.Crds;

/// <summary>
/// The labels that let <c>kubectl get ipd -l …</c> select diagnoses by workload and cause. Label values
/// come from outside (owner kinds and names up to 253 characters), so each is made a valid label value: at most 63
/// characters of <c>[A-Za-z0-9._-]</c>, starting and ending alphanumeric; a value that had to be changed ends in
/// 8 hex digits of its SHA-256, so two long names never share a label.
/// </summary>
public static class DiagnosisMetadata
{
    public const string WorkloadKindLabel = ImagePullDiagnosis.GroupName + "/workload-kind";
    public const string WorkloadNameLabel = ImagePullDiagnosis.GroupName + "/workload-name";
    public const string CauseLabel = ImagePullDiagnosis.GroupName + "/cause";

    public const int MaxLabelValue = 63;

    /// <summary>The labels a diagnosis of <paramref name="workload"/> with <paramref name="cause"/> carries (the managed-by label included).</summary>
    public static Dictionary<string, string> Labels(WorkloadReference? workload, string? cause)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { [ImagePullDiagnosis.ManagedByLabel] = ImagePullDiagnosis.ManagedByValue };
        if (workload is not null)
        {
            labels[WorkloadKindLabel] = LabelValue(workload.Kind);
            labels[WorkloadNameLabel] = LabelValue(workload.Name);
        }

        if (!string.IsNullOrEmpty(cause))
        {
            labels[CauseLabel] = LabelValue(cause);
        }

        return labels;
    }

    /// <summary>Whether <paramref name="current"/> already carries every label and value of <paramref name="desired"/>.</summary>
    public static bool Carries(IDictionary<string, string>? current, IReadOnlyDictionary<string, string> desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return desired.All(d => current is not null && current.TryGetValue(d.Key, out var v) && v == d.Value);
    }

    /// <summary><paramref name="raw"/> as a valid label value (see the class summary); empty stays empty.</summary>
    public static string LabelValue(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return string.Empty;
        }

        var cleaned = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            cleaned.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        }

        var value = cleaned.ToString().Trim('-', '_', '.');
        if (value == raw && value.Length <= MaxLabelValue)
        {
            return value;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)))[..8];
        var prefix = value.Length > MaxLabelValue - 9 ? value[..(MaxLabelValue - 9)] : value;
        prefix = prefix.TrimEnd('-', '_', '.');
        return prefix.Length == 0 ? hash : $"{prefix}-{hash}";
    }
}
