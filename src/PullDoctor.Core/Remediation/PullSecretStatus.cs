namespace PullDoctor.Core.Remediation;

/// <summary>One effective pull secret and its state; never any secret content.</summary>
/// <param name="Name">The secret's name.</param>
/// <param name="Source">Referenced by the pod or by its service account.</param>
/// <param name="State">Found, Missing, Invalid or NoEntryForRegistry.</param>
/// <param name="Detail">Why it is Invalid or has no entry, e.g. "keyed for https://index.docker.io/v1/, not ghcr.io".</param>
public sealed record PullSecretStatus(string Name, PullSecretSource Source, PullSecretState State, string? Detail = null);
