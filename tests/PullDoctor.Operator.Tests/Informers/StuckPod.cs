using k8s.Models;

namespace PullDoctor.Operator.Tests.Informers;

/// <summary>The slim projection the informer tests keep: what a stuck pod looks like to a reconciler.</summary>
internal sealed record StuckPod(string Name, string Reason, string Image)
{
    private static readonly string[] PullReasons = ["ErrImagePull", "ImagePullBackOff"];

    public static bool IsStuck(V1Pod pod) =>
        pod.Status?.ContainerStatuses?.Any(c => PullReasons.Contains(c.State?.Waiting?.Reason)) == true;

    public static StuckPod From(V1Pod pod)
    {
        var stuck = pod.Status!.ContainerStatuses!.First(c => PullReasons.Contains(c.State?.Waiting?.Reason));
        return new StuckPod(pod.Metadata.Name, stuck.State.Waiting.Reason, stuck.Image);
    }
}
