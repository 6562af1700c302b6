using PullDoctor.Diagnosis;
using PullDoctor.Operator.Hosting;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Operator.Diagnosis;

/// <summary>
/// The one way the operator and <c>diagnose pod</c> put the analysis together over a cluster reader, so both decide
/// with the same parts (secrets, owners, node platform, probe) and name the operator's settings in a probe gap.
/// </summary>
public static class PodAnalyzers
{
    public static PodAnalyzer Create(
        IClusterReader reader,
        IRegistryProbe? probe,
        TimeProvider time,
        bool readSecrets,
        Action<TimeSpan, ProbeResult>? onProbe = null,
        PodAnalyzerOptions? options = null) =>
        new(
            reader,
            probe,
            new PullSecretResolver(reader, time, readSecrets),
            new OwnerResolver(reader, time),
            new NodePlatformResolver(reader, time),
            onProbe,
            (options ?? new PodAnalyzerOptions { Time = time }) with { SettingNames = OperatorOptionsReader.ProbeSettings });
}
