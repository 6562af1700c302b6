namespace PullDoctor.Diagnosis;

/// <summary>The node's OS/architecture from its well-known labels (<c>kubernetes.io/os</c>, <c>kubernetes.io/arch</c>).</summary>
public sealed class NodePlatformResolver(IPodEvidenceSource reader, TimeProvider time)
{
    private readonly ExpiringCache<string, string?> _platforms = new(time, TimeSpan.FromMinutes(5));

    public Task<string?> ResolveAsync(string? nodeName, CancellationToken cancellationToken) =>
        !Core.Kubernetes.ObjectNames.IsDnsSubdomain(nodeName)
            ? Task.FromResult<string?>(null)
            : _platforms.GetOrAddAsync(nodeName!, async (name, ct) => PlatformOf(await reader.GetNodeLabelsAsync(name, ct)), cancellationToken);

    internal static string? PlatformOf(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null || !labels.TryGetValue("kubernetes.io/os", out var os) || !labels.TryGetValue("kubernetes.io/arch", out var arch))
        {
            return null;
        }

        return string.IsNullOrEmpty(os) || string.IsNullOrEmpty(arch) ? null : $"{os}/{arch}";
    }
}
