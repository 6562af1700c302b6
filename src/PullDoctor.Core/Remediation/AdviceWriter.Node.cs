namespace PullDoctor.Core.Remediation;

/// <summary>Advice for what happens on the node: platforms, policy, disk, layers, formats, names, signatures.</summary>
public static partial class AdviceWriter
{
    private static Advice PlatformMismatch(AdviceSubject s)
    {
        var wanted = s.Context.NodePlatform ?? s.Facts.Platform ?? "the node's platform";
        var available = s.Context.AvailablePlatforms;
        var exists = available.Count > 0 ? $" It exists for: {string.Join(", ", available)}." : string.Empty;
        var node = s.Context.NodeName is { } name ? $"node {name}" : "the node";

        // The same OS as the node, where the image has one: then only the architecture is to be chosen.
        var os = wanted.Split('/')[0];
        var target = available.FirstOrDefault(p => p.Split('/')[0] == os) is { } sameOs ? sameOs.Split('/') : null;
        var daemonSet = s.Context.Workload?.WorkloadKind is WorkloadKind.DaemonSet;
        IEnumerable<RemediationStep> schedule = target is [_, var arch, ..]
            ? s.Edits.PatchPodSpec(
                $"\"nodeSelector\":{{\"kubernetes.io/arch\":\"{arch}\"}}",
                $"nodeSelector kubernetes.io/arch: {arch}",
                daemonSet
                    ? $"Or keep the DaemonSet off {wanted} nodes (it runs on every node its selector allows; with this it runs on {arch} nodes only, and {wanted} nodes go without it):"
                    : $"Or schedule the pods onto {arch} nodes, where the image exists:")
            : [Step(daemonSet
                ? $"A DaemonSet runs on every node its selector allows: keep it off {wanted} nodes with a nodeSelector or node affinity on kubernetes.io/arch, or ship a {wanted} image."
                : "Or schedule the pods onto nodes whose platform the image supports (nodeSelector kubernetes.io/arch).")];
        return Of(
            $"{s.Image}: no {wanted} image for {node}.{exists}",
            $"The image index of {s.Image} has no manifest for {wanted}, the platform of {node}, so the node cannot run it.{exists}",
            [
                Step($"Build and push a multi-platform image that includes {wanted} (docker buildx build --platform {(available.Count > 0 ? string.Join(",", available.Append(wanted).Distinct()) : wanted)} --push …)."),
                .. schedule,
            ]);
    }

    private static Advice NeverPullPolicy(AdviceSubject s) => Of(
        $"{s.Image}: imagePullPolicy is Never and the image is not on the node.",
        $"The container's imagePullPolicy is Never, so the kubelet will not pull {s.Image}, and the node does not have it.",
        [
            .. s.Edits.SetPullPolicy("IfNotPresent"),
            Step("Or preload the image on every node that may run the pod (e.g. ctr -n k8s.io images import, or kind load docker-image)."),
        ]);

    private static Advice DiskPressure(AdviceSubject s)
    {
        var node = s.Context.NodeName;
        var where = node is null ? "the node" : $"node {node}";
        RemediationStep free = Step($"Free space on {where}: let image garbage collection run (kubelet imageGCHighThresholdPercent / imageGCLowThresholdPercent), remove unused images there (crictl rmi --prune), or give it a larger disk.");

        // Cordoning stops new pods from landing on the node; it does not move this one, which stays bound to the
        // node until it is deleted and its owner creates a new one. A DaemonSet's pod belongs to its node.
        IEnumerable<RemediationStep> move = s.Context.Workload?.WorkloadKind switch
        {
            WorkloadKind.DaemonSet => [Step($"A DaemonSet's pod belongs to its node: only space on {where} fixes it.")],
            WorkloadKind.Pod => [Step($"A bare pod stays on its node: to run it elsewhere, cordon {where} (kubectl cordon) and create the pod again.")],
            _ =>
            [
                Step($"Or move the pod: cordon {where} so nothing new is scheduled there,", $"kubectl cordon {node ?? "<node>"}"),
                Step("then delete the stuck pod, and its owner creates a new one on another node:", s.Edits.DeletePodCommand),
            ],
        };
        return Of(
            $"{s.Image}: {where} ran out of disk space while pulling.",
            $"Writing the layers of {s.Image} failed with \"no space left on device\": the image filesystem of {where} is full.",
            [free, .. move]);
    }

    private static Advice LayerPullFailed(AdviceSubject s) => Of(
        $"{s.Image}: the manifest resolved but a layer failed to download or unpack.",
        $"The registry {s.DisplayHost} found {s.Image}, but fetching, verifying or unpacking one of its layers failed{(s.Facts.RuntimeError is { } e ? $" ({Truncate(LastPart(e), 160)})" : string.Empty)}. This is usually a broken transfer, a proxy altering content, or corrupted blob storage.",
        s.Edits.Retry("The transfer may simply have broken: if it was"),
        Step($"If it keeps failing, check the registry's blob storage and any proxy or mirror in front of {s.DisplayHost}; re-push the image if a blob is corrupt."));

    private static Advice UnsupportedImageFormat(AdviceSubject s) => Of(
        $"{s.Image}: the runtime refuses this image's format.",
        $"The manifest of {s.Image} is of a kind the node's runtime does not accept: a Docker schema 1 manifest (refused by containerd 2.x), or an artifact that is not a container image.",
        [
            Step("Rebuild and re-push the image with a current builder (docker buildx, buildah, kaniko), which writes OCI or Docker schema 2 manifests."),
            .. s.Edits.SetImage("<image>:<tag>", $"Or point {s.Where} at an image (not a Helm chart or other artifact):"),
        ]);

    private static Advice ShortNameResolutionFailed(AdviceSubject s) => Of(
        $"{s.Image}: the runtime will not expand the short name.",
        $"The node's runtime (CRI-O / containers-registries.conf short-name policy) could not resolve the unqualified name {s.Image} to one registry.",
        [
            .. s.Edits.SetImage(s.Reference?.Normalized ?? "<registry>/<repository>:<tag>", $"Use a fully qualified reference in {s.Where}, e.g. docker.io/library/<name>:<tag>:"),
            Step("Or add an alias or unqualified-search-registries entry in /etc/containers/registries.conf on the nodes."),
        ]);

    private static Advice SignatureVerificationFailed(AdviceSubject s) => s.Facts.RejectedAtAdmission ? RejectedAtAdmission(s) : Of(
        $"{s.Image}: rejected by the node's signature policy.",
        $"A signature or policy check refused {s.Image}{(s.Facts.RuntimeError is { } e ? $": {Truncate(e, 200)}" : string.Empty)}.",
        Step("Sign the image with a key the policy trusts (cosign sign / the policy's signedBy key), or use an image that is signed."),
        Step("Check the policy that rejected it: /etc/containers/policy.json on CRI-O nodes, or the admission/verification policy in the cluster."));

    // The API server refused the pod: nothing was pulled and no node is involved, so the node's
    // policy files are the wrong place to look.
    private static Advice RejectedAtAdmission(AdviceSubject s)
    {
        var webhook = s.Facts.AdmissionWebhook is { } name ? $"the admission webhook {name}" : "an admission webhook";
        return Of(
            $"{s.Image}: rejected at admission by an image policy; nothing was pulled.",
            $"The API server's admission chain ({webhook}) refused the pod before any node pulled {s.Image}{(s.Facts.RuntimeError is { } e ? $": {Truncate(e, 200)}" : string.Empty)}.",
            Step($"Read the policy behind {webhook} (Kyverno ClusterPolicy verifyImages, sigstore policy-controller ClusterImagePolicy, Connaisseur, Gatekeeper/Ratify constraint) and what it requires of {s.Image}."),
            Step("Sign the image with a key the policy trusts (cosign sign), use an image that is signed, or exempt the namespace in the policy; the owning controller retries the create on its own once the policy admits it."));
    }

    private static Advice Unknown(AdviceSubject s) => Of(
        $"{s.Image}: the pull failed for a reason PullDoctor does not recognize.",
        s.Facts.RuntimeError is { Length: > 0 } raw
            ? $"The runtime reported: {Truncate(raw, 400)}"
            : "The kubelet reported only a back-off, without the runtime's error; Events with the error expire after an hour.",
        s.Describe);
}
