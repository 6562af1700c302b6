using PullDoctor.Core.Kubernetes;

namespace PullDoctor.Core.Remediation;

/// <summary>
/// The fixes that edit where a container is defined, per kind of owner and kind of container: which command
/// works (kubectl set image on a pod template or a pod's image; a strategic merge patch of the pod template, keyed
/// by container name), what cannot change (a Pod's pull policy and pull secrets, a Job's template, an ephemeral
/// container) and what re-creates the pods afterwards. Where no command works, the step says what to edit.
/// </summary>
internal sealed class WorkloadEdits(RemediationContext context, KubectlCommands kubectl)
{
    /// <summary>The owner's kind; null when the context does not say (e.g. <c>explain</c> of a bare message).</summary>
    private WorkloadKind? Kind => context.Workload?.WorkloadKind;

    private string Container => context.ContainerName ?? "<container>";

    private string KindName => context.Workload?.Kind ?? "workload";

    /// <summary>Steps that point the container at <paramref name="image"/>; <paramref name="lead"/> introduces the command.</summary>
    public IReadOnlyList<RemediationStep> SetImage(string image, string lead)
    {
        if (context.ContainerKind == ContainerKind.EphemeralContainer)
        {
            return [new($"The ephemeral container {Container} cannot be changed: start a new one with a fixed image (kubectl debug with --image={image}).")];
        }

        switch (Kind)
        {
            case WorkloadKind.Custom:
                return [new($"Set the image of container {Container} to {image} in {KindName} {context.Workload!.Name}, where its pod template is defined (its manifest, chart or GitOps source): PullDoctor does not know how a {KindName} holds its pods.")];
            case WorkloadKind.Job:
                return [new($"A Job's pod template cannot be changed: delete job/{context.Workload!.Name} and create it again from its manifest with the image of container {Container} set to {image}.")];
            default:
                return [new(lead, kubectl.SetImage(image)), .. AfterTemplateChange()];
        }
    }

    /// <summary>Steps that set the container's imagePullPolicy to <paramref name="policy"/>.</summary>
    public IReadOnlyList<RemediationStep> SetPullPolicy(string policy)
    {
        var field = context.ContainerKind == ContainerKind.InitContainer ? "initContainers" : "containers";
        var item = $"{{\"name\":\"{Container}\",\"imagePullPolicy\":\"{policy}\"}}";
        return context.ContainerKind == ContainerKind.EphemeralContainer
            ? [new($"The ephemeral container {Container} cannot be changed: start a new one with kubectl debug --image-pull-policy={policy}.")]
            : PatchPodSpec($"\"{field}\":[{item}]", $"imagePullPolicy {policy} for container {Container}", $"Set imagePullPolicy of {Where} to {policy}:");
    }

    /// <summary>Steps that add pull secret <paramref name="name"/> to the pod spec (strategic merge keeps the others).</summary>
    public IReadOnlyList<RemediationStep> AttachPullSecret(string? name)
    {
        var secret = ObjectNames.IsDnsSubdomain(name) ? name! : "<secret-name>";
        return PatchPodSpec($"\"imagePullSecrets\":[{{\"name\":\"{secret}\"}}]", $"imagePullSecrets {secret}", $"Reference it from {Where}:");
    }

    /// <summary>
    /// The step after something outside the pod spec was fixed (an image pushed, a secret or the registry mended):
    /// the kubelet retries by itself; deleting the pod retries at once where an owner re-creates it.
    /// </summary>
    public RemediationStep Retry(string done)
    {
        var kind = Kind;
        if (kind is WorkloadKind.Pod)
        {
            return new($"{done}, the kubelet's next retry pulls again (it backs off up to 5 minutes); a bare pod is not re-created if you delete it.");
        }

        // A CronJob's pod is re-created by its Job, not by the CronJob (which only creates Jobs on schedule).
        var owner = kind switch
        {
            null => "its owner",
            WorkloadKind.CronJob => context.Workload!.Via is { } job ? $"its Job {job}" : "its Job",
            _ => $"its {KindName}",
        };
        return new($"{done}, the kubelet's next retry pulls again (within 5 minutes); to retry at once, delete the pod ({owner} creates a new one):", kubectl.DeletePod);
    }

    /// <summary>kubectl delete pod of the stuck pod.</summary>
    public string DeletePodCommand => kubectl.DeletePod;

    /// <summary>"deployment/web (container web)", the place a person edits.</summary>
    public string Where => context.Workload is { } w
        ? $"{w.KubectlName} ({Describe(context.ContainerKind)} {Container})"
        : context.PodName is { } pod ? $"pod/{pod} ({Describe(context.ContainerKind)} {Container})" : "the workload";

    /// <summary>Steps that merge <paramref name="specFields"/> (JSON members) into the pod spec, where it may change.</summary>
    public IReadOnlyList<RemediationStep> PatchPodSpec(string specFields, string what, string lead)
    {
        switch (Kind)
        {
            case WorkloadKind.Pod:
                return [new($"A pod's {what.Split(' ')[0]} cannot be changed: re-create the pod with {what} (kubectl -n {kubectl.Namespace} get pod {kubectl.PodName} -o yaml > pod.yaml; edit it; kubectl replace --force -f pod.yaml), or set it in whatever creates the pod.")];
            case WorkloadKind.Job:
                return [new($"A Job's pod template cannot be changed: delete job/{context.Workload!.Name} and create it again from its manifest with {what}.")];
            case WorkloadKind.Custom:
                return [new($"Set {what} in {KindName} {context.Workload!.Name}, where its pod template is defined (its manifest, chart or GitOps source): PullDoctor does not know how a {KindName} holds its pods.")];
        }

        // Unknown kind: the shape of a Deployment, StatefulSet or DaemonSet, with the workload as a placeholder.
        var path = WorkloadKinds.MutablePodSpecPath(Kind ?? WorkloadKind.Deployment)!;
        var patch = path.Reverse().Aggregate($"{{{specFields}}}", (inner, key) => $"{{\"{key}\":{inner}}}");
        return [new(lead, $"kubectl -n {kubectl.Namespace} patch {kubectl.Target} -p {ShellQuoting.Quote(patch)}"), .. AfterTemplateChange()];
    }

    // What a changed template does not do by itself: a ReplicaSet keeps its pods; a CronJob's stuck Job keeps running.
    private IEnumerable<RemediationStep> AfterTemplateChange()
    {
        if (Kind is WorkloadKind.ReplicaSet)
        {
            yield return new("A ReplicaSet does not replace its pods when its template changes: delete the stuck pod so it is re-created from the new template:", kubectl.DeletePod);
        }
        else if (Kind is WorkloadKind.CronJob && context.Workload!.Via is { } job)
        {
            yield return new($"Delete the stuck Job {job}: the CronJob's next run uses the new template, and a Job whose pod cannot start counts as running (under concurrencyPolicy: Forbid it blocks every later run):", kubectl.DeleteJob(job));
        }
    }

    private static string Describe(ContainerKind kind) => kind switch
    {
        ContainerKind.InitContainer => "init container",
        ContainerKind.EphemeralContainer => "ephemeral container",
        _ => "container",
    };
}
