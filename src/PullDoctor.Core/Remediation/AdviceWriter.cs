using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Core.References;
using PullDoctor.Core.Registries;

namespace PullDoctor.Core.Remediation;

/// <summary>
/// Turns a cause, its facts and where it happened into words and commands for a person at 2 a.m.:
/// a one-sentence summary, an explanation that names the facts, and ordered steps with commands.
/// </summary>
public static partial class AdviceWriter
{
    public static Advice Write(CauseCode cause, PullFacts facts, RemediationContext context)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(context);

        // Nothing from outside reaches the words or the commands without passing its grammar first.
        facts = AdviceInput.Trusted(facts);
        context = AdviceInput.Trusted(context);
        var subject = new AdviceSubject(facts, context);
        var advice = cause switch
        {
            CauseCode.InvalidImageReference => InvalidReference(subject),
            CauseCode.TagNotFound => TagNotFound(subject),
            CauseCode.RepositoryNotFound => RepositoryNotFound(subject),
            CauseCode.ImageNotFound => ImageNotFound(subject),
            CauseCode.RepositoryNotFoundOrPrivate => NotFoundOrPrivate(subject),
            CauseCode.AuthenticationRequired => AuthenticationRequired(subject),
            CauseCode.AuthenticationFailed => AuthenticationFailed(subject),
            CauseCode.CredentialsExpired => CredentialsExpired(subject),
            CauseCode.AccessDenied => AccessDenied(subject),
            CauseCode.PullSecretMissing => PullSecretMissing(subject),
            CauseCode.PullSecretInvalid => PullSecretInvalid(subject),
            CauseCode.RateLimited => RateLimited(subject),
            CauseCode.DnsResolutionFailed or CauseCode.ConnectionRefused or CauseCode.NetworkTimeout or CauseCode.HttpProtocolMismatch
                or CauseCode.TlsCertificateError when subject.Facts.ViaProxy => ThroughProxy(cause, subject),
            CauseCode.DnsResolutionFailed => DnsResolutionFailed(subject),
            CauseCode.ConnectionRefused => ConnectionRefused(subject),
            CauseCode.NetworkTimeout => NetworkTimeout(subject),
            CauseCode.TlsCertificateError => TlsCertificateError(subject),
            CauseCode.HttpProtocolMismatch => HttpProtocolMismatch(subject),
            CauseCode.RegistryServerError => RegistryServerError(subject),
            CauseCode.PlatformMismatch => PlatformMismatch(subject),
            CauseCode.NeverPullPolicy => NeverPullPolicy(subject),
            CauseCode.DiskPressure => DiskPressure(subject),
            CauseCode.LayerPullFailed => LayerPullFailed(subject),
            CauseCode.UnsupportedImageFormat => UnsupportedImageFormat(subject),
            CauseCode.ShortNameResolutionFailed => ShortNameResolutionFailed(subject),
            CauseCode.SignatureVerificationFailed => SignatureVerificationFailed(subject),
            _ => Unknown(subject),
        };
        advice = WithRegistry(cause, advice, subject);
        return context.IsSandboxImage ? ForSandbox(advice, subject) : WithRollback(advice, context);
    }

    /// <summary>
    /// A Deployment whose newest ReplicaSet cannot pull while an older one still runs: the rollout is stuck, and
    /// <c>kubectl rollout undo</c> returns to what runs (offered after the fix itself, as the way to stop the bleeding).
    /// </summary>
    private static Advice WithRollback(Advice advice, RemediationContext context)
    {
        if (context.Workload is not { WorkloadKind: WorkloadKind.Deployment, Via: { } stuck, RunningReplicaSet: { } running, RunningReadyPods: { } ready } workload)
        {
            return advice;
        }

        var commands = new KubectlCommands(context);
        var pods = ready == 1 ? "1 ready pod" : $"{ready} ready pods";
        var step = new RemediationStep(
            $"The rollout of {workload.KubectlName} is stuck: its new ReplicaSet {stuck} cannot pull while {running} still has {pods}; to go back to {running} until the image is fixed, undo the rollout:",
            $"kubectl -n {commands.Namespace} rollout undo {commands.Target}");
        List<RemediationStep> steps = [.. advice.Steps];
        steps.Insert(Math.Min(1, steps.Count), step);
        return advice with { Steps = steps };
    }

    // The pause image is pulled by the runtime itself: no pod spec names it, so the fix is on the node.
    private static Advice ForSandbox(Advice advice, AdviceSubject s)
    {
        RemediationStep first = new(
            $"This is the pod sandbox (pause) image {s.Image}, which the node's container runtime pulls itself: fix it in the runtime's configuration on the node (containerd: sandbox_image / [plugins.\"io.containerd.grpc.v1.cri\"] in /etc/containerd/config.toml; CRI-O: pause_image in crio.conf), or preload the image on the node.");
        return advice with
        {
            Summary = "Sandbox image: " + advice.Summary,
            Steps = [first, .. advice.Steps.Where(step => step.Command is null || !step.Command.Contains(" set image ", StringComparison.Ordinal))],
        };
    }

    private static Advice Of(string summary, string explanation, params RemediationStep[] steps) => new(summary, explanation, steps);

    private static RemediationStep Step(string text, string? command = null) => new(text, command);

    private static Advice Of(string summary, string explanation, IEnumerable<RemediationStep> steps) => new(summary, explanation, [.. steps]);

    /// <summary>The facts and context with the phrases every cause uses.</summary>
    private sealed class AdviceSubject(PullFacts facts, RemediationContext context)
    {
        public PullFacts Facts { get; } = facts;

        public RemediationContext Context { get; } = context;

        public KubectlCommands Kubectl { get; } = new(context);

        public WorkloadEdits Edits => new(Context, Kubectl);

        private RegistryMatch? _registry;

        // Parsed once per advice; the registry is known by its domain.
        public ImageReference? Reference { get; } = facts.Image is null ? null : ImageReference.Parse(facts.Image).Reference;

        public string Image => Facts.Image ?? "the image";

        public string Host => Facts.RegistryHost ?? Reference?.RegistryHost ?? "the registry";

        /// <summary>The host as people and docker config files name it (docker.io, not registry-1.docker.io).</summary>
        public string DisplayHost => Reference?.IsDockerHub == true ? DockerHub.Domain : Host;

        public string Repository => Reference?.Repository ?? "the repository";

        public string Tag => Reference?.ManifestReference ?? Facts.Tag ?? "the tag";

        public string Where => Edits.Where;

        public string? HttpStatusText => Facts.HttpStatus is { } status ? $"HTTP {status}" : null;

        public string RegistryServer => KubectlCommands.RegistryServer(Reference?.Domain ?? Host);

        /// <summary>The known registry of the image: as the context says (recognised by the probe's answer), else by host.</summary>
        public RegistryMatch? Registry => _registry ??= Context.Registry ?? RegistryCatalog.ByHost(Reference?.Domain);

        public RemediationStep Describe => Step("See the full error in the pod's events:", Kubectl.DescribePod);
    }
}
