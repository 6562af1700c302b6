using PullDoctor.Core.Remediation;

namespace PullDoctor.Registry.Credentials;

/// <summary>What one pull secret offers for one image: the entry the kubelet would use, or why none.</summary>
/// <param name="State"><see cref="PullSecretState.Found"/>, <see cref="PullSecretState.NoEntryForRegistry"/> or <see cref="PullSecretState.Invalid"/>.</param>
/// <param name="MatchedKey">The config key as written that matched, e.g. <c>https://index.docker.io/v1/</c>.</param>
/// <param name="Credential">The credential to send (prints redacted); null unless Found.</param>
/// <param name="Detail">Why not Found, in words naming keys and hosts only, e.g. "keyed for https://index.docker.io/v1/, the image is on ghcr.io".</param>
public sealed record CredentialMatch(PullSecretState State, string? MatchedKey, RegistryCredential? Credential, string? Detail)
{
    public bool IsFound => State == PullSecretState.Found && Credential is not null;
}
