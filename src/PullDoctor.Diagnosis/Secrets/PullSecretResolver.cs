using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Core.Kubernetes;
using PullDoctor.Core.Remediation;
using PullDoctor.Registry.Credentials;

namespace PullDoctor.Diagnosis;

/// <summary>
/// Finds a pod's effective pull secrets: the pod's <c>imagePullSecrets</c>, then its service account's (which
/// admission copies into new pods). Secrets are read only when <paramref name="readSecrets"/> is on; their content
/// never leaves this process except as a credential sent to the matching registry by the probe.
/// </summary>
public sealed class PullSecretResolver(IPodEvidenceSource reader, TimeProvider time, bool readSecrets)
{
    // Admission copies a service account's imagePullSecrets into a pod when it is created and the kubelet never reads
    // the service account again, so a later change to it does nothing for a pod already stuck: kept as long as owners
    // are, and a kubelet retry (every 10 s to 5 min, per pod) costs no read of it.
    private readonly ExpiringCache<(string Namespace, string Name), IReadOnlyList<string>> _serviceAccounts = new(time, TimeSpan.FromMinutes(10));
    private readonly ExpiringCache<(string Namespace, string Name), SecretLookup> _secrets = new(time, TimeSpan.FromSeconds(30));

    /// <summary>
    /// At most this many pull secrets are looked at per pod: the list comes from the pod spec, and each entry costs a
    /// read. Real pods have a handful; the kubelet would try them in order too.
    /// </summary>
    public const int MaxSecrets = 16;

    public bool ReadsSecrets => readSecrets;

    public async Task<PodPullSecrets> ResolveAsync(PodSnapshot pod, IReadOnlyList<ObservedEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(events);
        // An invalid name is never read (see KubeClusterReader): the service account's secrets are then unknown.
        var fromServiceAccount = !ObjectNames.IsDnsSubdomain(pod.ServiceAccountName)
            ? []
            : await _serviceAccounts.GetOrAddAsync(
                (pod.Namespace, pod.ServiceAccountName),
                async (key, ct) => (IReadOnlyList<string>)((await reader.GetServiceAccountPullSecretsAsync(key.Namespace, key.Name, ct)) ?? [])
                    .Where(n => !string.IsNullOrEmpty(n)).ToArray(),
                cancellationToken);

        var names = new List<(string Name, PullSecretSource Source)>();
        foreach (var name in pod.ImagePullSecrets)
        {
            // Admission copies the service account's secrets into the pod: attribute them to where a person fixes them.
            names.Add((name, fromServiceAccount.Contains(name) ? PullSecretSource.ServiceAccount : PullSecretSource.Pod));
        }

        foreach (var name in fromServiceAccount)
        {
            if (!pod.ImagePullSecrets.Contains(name))
            {
                names.Add((name, PullSecretSource.ServiceAccount));
            }
        }

        var secrets = new List<PodPullSecret>(Math.Min(names.Count, MaxSecrets));
        foreach (var (name, source) in names.Take(MaxSecrets))
        {
            var lookup = !ObjectNames.IsDnsSubdomain(name) ? SecretLookup.InvalidName
                : readSecrets ? await _secrets.GetOrAddAsync((pod.Namespace, name), ReadAsync, cancellationToken)
                : SecretLookup.NotRead;
            secrets.Add(new PodPullSecret(name, source, lookup));
        }

        return new PodPullSecrets(secrets, KubeletSecretEvents.MissingNames(events));
    }

    private async Task<SecretLookup> ReadAsync((string Namespace, string Name) key, CancellationToken cancellationToken)
    {
        var secret = await reader.GetSecretAsync(key.Namespace, key.Name, cancellationToken);
        if (secret is null)
        {
            return SecretLookup.Missing;
        }

        var data = secret.Data is null ? null : new Dictionary<string, byte[]>(secret.Data, StringComparer.Ordinal);
        var parsed = DockerConfigParser.ParseSecret(secret.Type, data);
        return parsed.IsValid ? SecretLookup.Of(parsed.Config) : SecretLookup.Invalid(parsed.Error);
    }
}
