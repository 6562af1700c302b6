using PullDoctor.Diagnosis;
using k8s;
using k8s.Models;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Informers;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Operator.Hosting;

/// <summary>What a test (or the benchmark) may replace when it builds an <see cref="OperatorApp"/>; production uses none.</summary>
public sealed class OperatorAppSettings
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The registry probe (already cached); null builds the real one from the options.</summary>
    public IRegistryProbe? Probe { get; init; }

    /// <summary>Prometheus registry; null uses the default one (with process metrics).</summary>
    public Prometheus.CollectorRegistry? MetricsRegistry { get; init; }

    /// <summary>Serilog logger; null builds one from the options.</summary>
    public Serilog.ILogger? Logger { get; init; }

    /// <summary>Tweaks of the pod informers (e.g. shorter back-off in tests).</summary>
    internal Action<InformerOptions<Informers.PodStream.DecodedPod, PodSnapshot>>? ConfigureInformer { get; init; }

    /// <summary>Tweaks of the sandbox-pull Event informers.</summary>
    internal Action<InformerOptions<Corev1Event, SandboxPullEvent>>? ConfigureSandboxInformer { get; init; }

    /// <summary>Tweaks of the reconcile caches' informers (diagnoses, pods' pull Events).</summary>
    internal Action<InformerOptions<Crds.ImagePullDiagnosis, Caching.CachedDiagnosis>>? ConfigureDiagnosisInformer { get; init; }

    /// <summary>Tweaks of the pods' pull-Event informers.</summary>
    internal Action<InformerOptions<Corev1Event, Caching.PodPullEvent>>? ConfigurePullEventInformer { get; init; }

    /// <summary>How soon to look again at a pod that waits on its sandbox or its containers; null is the reconciler's default.</summary>
    public TimeSpan? RecheckInterval { get; init; }

    /// <summary>Extra handlers in front of the API client (e.g. to record requests).</summary>
    public IReadOnlyList<Func<DelegatingHandler>> ClientHandlers { get; init; } = [];

    /// <summary>Called with the API client once it is built.</summary>
    public Action<IKubernetes>? OnClient { get; init; }

    /// <summary>First retry of a missing CRD or RBAC check (1 s when null); tests shorten it.</summary>
    public TimeSpan? PrerequisitesBackoffInitial { get; init; }

    /// <summary>Longest retry of a missing CRD or RBAC check (1 min when null).</summary>
    public TimeSpan? PrerequisitesBackoffMax { get; init; }
}
