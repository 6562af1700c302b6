using PullDoctor.Core.References;
using PullDoctor.Core.Remediation;
using PullDoctor.Registry.Credentials;

namespace PullDoctor.Diagnosis;

/// <summary>
/// A pod's effective pull secrets (its own, then its service account's), and per image the state of each
/// and the credential the kubelet would try first. Pure.
/// </summary>
/// <param name="Secrets">In the order the kubelet uses them.</param>
/// <param name="MissingByEvents">Names a FailedToRetrieveImagePullSecret Event reported missing.</param>
public sealed record PodPullSecrets(IReadOnlyList<PodPullSecret> Secrets, IReadOnlySet<string> MissingByEvents)
{
    public static readonly PodPullSecrets None = new([], new HashSet<string>());

    /// <summary>True when the pod has secrets whose content was not read (reading secrets is switched off).</summary>
    public bool HasUnreadSecrets => Secrets.Any(s => s.Lookup.Kind == SecretLookupKind.NotRead);

    public (IReadOnlyList<EffectivePullSecret> States, RegistryCredential? Credential) ForImage(ImageReference? image)
    {
        var states = new List<EffectivePullSecret>(Secrets.Count);
        foreach (var secret in Secrets)
        {
            states.Add(State(secret, image));
        }

        RegistryCredential? credential = null;
        if (image is not null)
        {
            var configs = Secrets.Where(s => s.Lookup.Config is not null).Select(s => s.Lookup.Config!).ToArray();
            credential = CredentialKeyring.Lookup(configs, image).FirstOrDefault(c => c.Entry.IsUsable)?.Entry.Credential;
        }

        return (states, credential);
    }

    private EffectivePullSecret State(PodPullSecret secret, ImageReference? image)
    {
        var lookup = secret.Lookup;
        switch (lookup.Kind)
        {
            case SecretLookupKind.Missing:
                return new EffectivePullSecret(secret.Name, secret.Source, PullSecretState.Missing, $"secret {secret.Name} does not exist in the pod's namespace");
            case SecretLookupKind.Invalid:
                return new EffectivePullSecret(secret.Name, secret.Source, PullSecretState.Invalid, lookup.Problem);
            case SecretLookupKind.Read when image is null:
                return new EffectivePullSecret(secret.Name, secret.Source, PullSecretState.Found);
            case SecretLookupKind.Read:
                var match = CredentialKeyring.Match(lookup.Config!, image);
                return new EffectivePullSecret(secret.Name, secret.Source, match.State, match.Detail);
            default:
                return MissingByEvents.Contains(secret.Name)
                    ? new EffectivePullSecret(secret.Name, secret.Source, PullSecretState.Missing, "the kubelet reported it could not retrieve it")
                    : new EffectivePullSecret(secret.Name, secret.Source, null);
        }
    }
}
