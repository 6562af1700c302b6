using System.Diagnostics;
using PullDoctor.Core.Classification;
using PullDoctor.Core.References;
using PullDoctor.Core.Registries;
using PullDoctor.Core.Remediation;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Diagnosis;

/// <summary>
/// The analysis of one stuck pod, shared by the operator and <c>pulldoctor diagnose pod</c>: gathers the
/// pod's Events, effective pull secrets, node platform and top owner, asks the registry (with the pod's own
/// credentials), classifies and writes the advice. Reads only; it never writes to the cluster.
/// The containers of a pod are analysed concurrently. With a <see cref="PodAnalyzerOptions.ProbeWait"/>, a registry
/// that does not answer in time does not hold the analysis: the finding rests on the messages for now, and
/// <see cref="PodAnalyzerOptions.OnLateProbe"/> says when the answer arrives, so only that registry's pods wait for it.
/// </summary>
public sealed class PodAnalyzer(
    IPodEvidenceSource reader,
    IRegistryProbe? probe,
    PullSecretResolver secrets,
    OwnerResolver owners,
    NodePlatformResolver nodes,
    Action<TimeSpan, ProbeResult>? onProbe = null,
    PodAnalyzerOptions? options = null)
{
    private readonly PodAnalyzerOptions _options = options ?? new PodAnalyzerOptions();

    public async Task<PodAnalysis> AnalyzeAsync(PodSnapshot pod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var events = await reader.ListPodEventsAsync(pod.Namespace, pod.Uid, cancellationToken);
        var workload = await owners.ResolveAsync(pod, cancellationToken);
        var platform = await nodes.ResolveAsync(pod.NodeName, cancellationToken);
        var pullSecrets = await secrets.ResolveAsync(pod, events, cancellationToken);

        // Concurrently: six containers on a registry that never answers must not cost six probe timeouts in a row.
        var findings = await Task.WhenAll(pod.StuckContainers.Select(container =>
            AnalyzeContainerAsync(pod, container, events, workload, platform, pullSecrets, cancellationToken)));

        var failures = events.Where(e => ImagePullEventReasons.Failures.Contains(e.Reason)).ToList();
        var lastFailure = failures.Select(e => e.LastSeen).Max();
        var firstFailure = failures.Select(e => e.FirstSeen ?? e.LastSeen).Min();
        return new PodAnalysis(pod, workload, platform, findings, lastFailure, firstFailure);
    }

    private async Task<ContainerFinding> AnalyzeContainerAsync(
        PodSnapshot pod,
        ContainerSnapshot container,
        IReadOnlyList<ObservedEvent> events,
        WorkloadReference workload,
        string? platform,
        PodPullSecrets pullSecrets,
        CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse(container.Image).Reference;

        // The node's runtime pulls the sandbox image with its own configuration: the pod's pull secrets are not
        // used, and what this operator's network sees of the registry says nothing about the node's.
        var isSandbox = container.ContainerType == ContainerTypes.Sandbox;
        var (secretStates, credential) = isSandbox ? (Array.Empty<EffectivePullSecret>(), null) : pullSecrets.ForImage(reference);

        var classification = ContainerPipeline.Read(
            new PullEvidence { Image = container.Image, WaitingReason = container.WaitingReason, WaitingMessage = container.WaitingMessage, Events = events },
            secretStates);

        ProbeResult? probed = null;
        ProbeGap? gap = null;
        if (!isSandbox && reference is not null && DecisionRules.ProbeHelps(classification.Cause))
        {
            if (probe is null)
            {
                gap = ProbeGaps.Off(_options.SettingNames);
            }
            else
            {
                probed = await ProbeAsync(pod, new ProbeRequest(reference, credential, ParsePlatform(platform)), cancellationToken);
                gap = probed is null ? ProbeGaps.NotYet(_options.ProbeWait ?? TimeSpan.Zero, _options.SettingNames) : ProbeGaps.Of(probed, _options.SettingNames);
            }
        }

        // The registry by the image's host, else by the probe's answer (a recording or mirror answering as it).
        var registry = RegistryCatalog.ByHost(reference?.Domain) ?? probed?.Registry;
        var decision = DecisionRules.Decide(new DecisionInput
        {
            FromMessages = classification,
            Probe = probed,
            Gap = gap,
            PullSecrets = secretStates,
            CredentialOffered = credential is not null,
            PullSecretsUnread = pullSecrets.HasUnreadSecrets,
            IsSandbox = isSandbox,
            Registry = registry,
        });
        var verdict = decision.Verdict;
        gap = decision.Gap;
        var context = new RemediationContext
        {
            Namespace = pod.Namespace,
            PodName = pod.Name,
            Workload = workload,
            ContainerName = container.Name,
            ContainerKind = container.ContainerType switch
            {
                ContainerTypes.InitContainer => ContainerKind.InitContainer,
                ContainerTypes.EphemeralContainer => ContainerKind.EphemeralContainer,
                _ => ContainerKind.Container,
            },
            ServiceAccountName = pod.ServiceAccountName,
            PullSecrets = secretStates.Select(s => s.ToStatus()).OfType<PullSecretStatus>().ToArray(),
            CredentialsSent = probed?.Verdict is ProbeVerdict.Inconclusive ? null : probed?.CredentialsSent,
            SuggestedTags = probed?.SuggestedTags ?? [],
            AvailablePlatforms = probed?.AvailablePlatforms ?? [],
            NodePlatform = platform,
            NodeName = pod.NodeName,
            RateLimitReset = probed?.RateLimitReset,
            IsSandboxImage = isSandbox || verdict.Facts.IsSandboxImage,
            Registry = registry,
            PullSecretsUnknown = !isSandbox && secretStates.Any(s => s.State is null),
        };
        (verdict, var advice) = ContainerPipeline.Advise(verdict, container.Image, context);
        return new ContainerFinding(container, reference?.Normalized, classification, verdict, advice, secretStates, probed, gap);
    }

    /// <summary>The probe's answer, or null when it did not come within the wait (it is then announced when it does).</summary>
    private async Task<ProbeResult?> ProbeAsync(PodSnapshot pod, ProbeRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var probing = probe!.ProbeAsync(request, cancellationToken);
        if (_options.ProbeWait is not { } wait)
        {
            var result = await probing;
            onProbe?.Invoke(Stopwatch.GetElapsedTime(started), result);
            return result;
        }

        try
        {
            var result = await probing.WaitAsync(wait, _options.Time, cancellationToken);
            onProbe?.Invoke(Stopwatch.GetElapsedTime(started), result);
            return result;
        }
        catch (TimeoutException)
        {
            _ = probing.ContinueWith(
                done =>
                {
                    if (done.IsCompletedSuccessfully)
                    {
                        onProbe?.Invoke(Stopwatch.GetElapsedTime(started), done.Result);
                        _options.OnLateProbe?.Invoke(pod);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return null;
        }
    }

    private static Platform? ParsePlatform(string? platform) => Platform.TryParse(platform, out var parsed) ? parsed : null;
}
