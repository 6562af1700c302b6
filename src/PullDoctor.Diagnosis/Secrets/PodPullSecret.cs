using PullDoctor.Core.Remediation;

namespace PullDoctor.Diagnosis;

/// <summary>One effective pull secret of a pod and what reading it gave.</summary>
public sealed record PodPullSecret(string Name, PullSecretSource Source, SecretLookup Lookup);
