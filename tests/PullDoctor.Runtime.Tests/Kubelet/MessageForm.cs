namespace PullDoctor.Runtime.Tests.Kubelet;

/// <summary>Where a runtime's error text reaches PullDoctor, and in which kubelet wrapping.</summary>
public enum MessageForm
{
    /// <summary>The runtime's own text (containerd / CRI-O log line), no kubelet wrapper, no reason.</summary>
    RuntimeLog,

    /// <summary>Waiting reason ErrImagePull: the message is the kubelet's error (Kubernetes ≥ 1.28).</summary>
    ErrImagePullWaiting,

    /// <summary>Event <c>Failed</c>, Kubernetes &lt; 1.28: <c>Failed to pull image "X": rpc error: code = … desc = …</c>.</summary>
    FailedEventBefore128,

    /// <summary>Event <c>Failed</c>, Kubernetes ≥ 1.28 (the <c>Unknown</c> gRPC wrapper stripped, other codes kept).</summary>
    FailedEvent,

    /// <summary>Waiting reason ImagePullBackOff, Kubernetes ≥ 1.32: <c>Back-off pulling image "X": ErrImagePull: …</c>.</summary>
    BackOffWaiting,
}
