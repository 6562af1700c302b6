using System.Text.RegularExpressions;
using PullDoctor.Core.Kubernetes;
using PullDoctor.Core.Remediation;

namespace PullDoctor.Cli.Explain;

/// <summary>
/// The object a person edits for a pod, from what explain's input says of its owner (a pod's controlling
/// <c>ownerReferences</c> entry, or describe's <c>Controlled By: Kind/name</c>). Without a cluster the owner's own
/// owner cannot be read, so a ReplicaSet named <c>&lt;deployment&gt;-&lt;pod-template-hash&gt;</c> is taken for
/// its Deployment's, and a Job named <c>&lt;cronjob&gt;-&lt;scheduled minute&gt;</c> for its CronJob's: those are
/// guesses, and <see cref="IsGuess"/> says so.
/// </summary>
internal sealed partial record PodOwner(WorkloadReference Workload, bool IsGuess)
{
    /// <summary>The workload for an owner reference; null for no owner or a name Kubernetes would not accept.</summary>
    /// <param name="podTemplateHash">The pod's <c>pod-template-hash</c> label, which ends its ReplicaSet's name.</param>
    public static PodOwner? From(string? kind, string? name, string? apiVersion, string? podTemplateHash)
    {
        if (string.IsNullOrEmpty(kind) || !ObjectNames.IsDnsSubdomain(name))
        {
            return null;
        }

        var owner = new WorkloadReference(kind, name!) { ApiVersion = apiVersion };
        switch (owner.WorkloadKind)
        {
            case WorkloadKind.ReplicaSet when DeploymentOf(name!, podTemplateHash) is { } deployment:
                return new PodOwner(new WorkloadReference("Deployment", deployment) { ApiVersion = "apps/v1", Via = name }, IsGuess: true);
            case WorkloadKind.Job when CronJobJobName().Match(name!) is { Success: true } job:
                return new PodOwner(new WorkloadReference("CronJob", job.Groups["cronjob"].Value) { ApiVersion = "batch/v1", Via = name }, IsGuess: true);
            default:
                return new PodOwner(owner, IsGuess: false);
        }
    }

    /// <summary><c>Kind/name</c> as describe prints it (<c>ReplicaSet/web-7c9d</c>).</summary>
    public static PodOwner? FromControlledBy(string? controlledBy, string? podTemplateHash)
    {
        var slash = controlledBy?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash <= 0 ? null : From(controlledBy![..slash], controlledBy[(slash + 1)..], null, podTemplateHash);
    }

    /// <summary>What to tell a person about the guess, or null when the input named the owner.</summary>
    public string? GuessNote(string? ns) => !IsGuess ? null
        : $"{Workload.Kind} {Workload.Name} is a guess from the name of {(Workload.WorkloadKind == WorkloadKind.Deployment ? "ReplicaSet" : "Job")} {Workload.Via}; "
          + $"check: kubectl -n {(ns is null ? "<namespace>" : ShellQuoting.Quote(ns))} get {(Workload.WorkloadKind == WorkloadKind.Deployment ? "replicaset" : "job")} {ShellQuoting.Quote(Workload.Via!)} -o jsonpath='{{.metadata.ownerReferences[0].kind}}/{{.metadata.ownerReferences[0].name}}'";

    // The Deployment controller names a ReplicaSet "<deployment>-<pod-template-hash>"; the hash is also the pod's label.
    // Without the label, a hash-shaped suffix (the rand.SafeEncodeString alphabet, up to 10 characters) is accepted.
    private static string? DeploymentOf(string replicaSet, string? podTemplateHash)
    {
        if (podTemplateHash is { Length: > 0 } hash)
        {
            return replicaSet.EndsWith("-" + hash, StringComparison.Ordinal) && replicaSet.Length > hash.Length + 1 ? replicaSet[..^(hash.Length + 1)] : null;
        }

        return ReplicaSetName().Match(replicaSet) is { Success: true } m ? m.Groups["deployment"].Value : null;
    }

    [GeneratedRegex(@"^(?<deployment>[a-z0-9]([-a-z0-9.]*[a-z0-9])?)-[bcdfghjklmnpqrstvwxz2456789]{1,10}$", RegexOptions.CultureInvariant)]
    private static partial Regex ReplicaSetName();

    // The CronJob controller names a Job "<cronjob>-<scheduled time in minutes since the epoch>".
    [GeneratedRegex(@"^(?<cronjob>[a-z0-9]([-a-z0-9.]*[a-z0-9])?)-[0-9]{8,10}$", RegexOptions.CultureInvariant)]
    private static partial Regex CronJobJobName();
}
