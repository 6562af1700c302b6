namespace PullDoctor.Packaging.Tests.Support;

/// <summary>A named set of <c>--set</c> overrides to render the chart with.</summary>
public sealed record ChartVariant(string Name, IReadOnlyList<string> Sets)
{
    /// <summary>
    /// Values a flipped boolean needs to render at all: the chart refuses combinations that cannot work
    /// (tested on their own in ValuesSchemaTests).
    /// </summary>
    private static readonly Dictionary<string, string[]> Companions = new(StringComparer.Ordinal)
    {
        ["leaderElection.enabled"] = ["replicaCount=1"],
        ["serviceAccount.create"] = ["serviceAccount.name=existing-account"],
        ["metrics.service.enabled"] = ["metrics.serviceMonitor.enabled=false"],
    };

    public static ChartVariant Defaults { get; } = new("defaults", []);

    /// <summary>The defaults, and every boolean of values.yaml flipped on its own.</summary>
    public static IEnumerable<ChartVariant> DefaultsAndEveryBooleanFlipped()
    {
        yield return Defaults;
        foreach (var path in ChartValues.BooleanPaths())
        {
            var flipped = !ChartValues.DefaultBoolean(path);
            var sets = new List<string> { $"{path}={(flipped ? "true" : "false")}" };
            if (!flipped && Companions.TryGetValue(path, out var companions))
            {
                sets.AddRange(companions);
            }

            yield return new ChartVariant($"{path}={flipped.ToString().ToLowerInvariant()}", sets);
        }
    }

    /// <summary>The flips plus the non-boolean options that change what is rendered.</summary>
    public static IEnumerable<ChartVariant> All()
    {
        foreach (var variant in DefaultsAndEveryBooleanFlipped())
        {
            yield return variant;
        }

        yield return new("watchNamespaces", ["watchNamespaces={shop,web}"]);
        yield return new("watchNamespaces without pull secrets", ["watchNamespaces={shop}", "probe.usePullSecrets=false"]);
        yield return new("everything on", ["networkPolicy.enabled=true", "metrics.serviceMonitor.enabled=true", "networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.name=monitoring"]);
        yield return new("probe options", ["probe.caBundle.configMapName=registry-ca", "probe.allowNetworks={10.1.0.0/16}", "probe.denyNetworks={10.96.0.0/12,10.244.0.0/16}", "probe.plainHttpRegistries={registry.local:5000}"]);
        yield return new("image digest", ["image.digest=sha256:" + new string('a', 64)]);
        yield return new("single replica without election", ["replicaCount=1", "leaderElection.enabled=false", "podDisruptionBudget.enabled=false"]);
        yield return new("scheduling", ["nodeSelector.kubernetes\\.io/os=linux", "tolerations[0].operator=Exists", "priorityClassName=system-cluster-critical", "podLabels.team=platform", "podAnnotations.note=x", "commonLabels.cost-center=ops"]);
        yield return new("extraEnv", ["extraEnv[0].name=TZ", "extraEnv[0].value=UTC"]);
        yield return new("name overrides", ["fullnameOverride=pd", "nameOverride=doctor"]);
    }

    public override string ToString() => Name;
}
