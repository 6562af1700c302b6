namespace PullDoctor.Registry.Probe;

/// <summary>Asks a registry, over the OCI distribution API, whether an image can be pulled, and if not, why.</summary>
public interface IRegistryProbe
{
    /// <summary>
    /// Probes the registry. Never throws for what a registry or the network does (that is the result); throws
    /// <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken = default);
}
