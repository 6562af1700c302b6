using PullDoctor.Core.References;
using PullDoctor.Registry.Credentials;

namespace PullDoctor.Registry.Probe;

/// <summary>What to probe: an image, optionally with credentials (printed redacted) and the node's platform.</summary>
/// <param name="Image">The parsed reference.</param>
/// <param name="Credential">Credentials for the image's registry; null probes anonymously.</param>
/// <param name="Platform">The platform the image must exist for (a node's OS/architecture); null skips the check.</param>
public sealed record ProbeRequest(ImageReference Image, RegistryCredential? Credential = null, Platform? Platform = null);
