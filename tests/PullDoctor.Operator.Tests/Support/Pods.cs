using k8s.Models;

namespace PullDoctor.Operator.Tests.Support;

/// <summary>Pods the way the kubelet reports them, with real waiting reasons and messages.</summary>
internal static class Pods
{
    public const string TagNotFoundMessage =
        "rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:1.25.x\": failed to resolve reference \"docker.io/library/nginx:1.25.x\": docker.io/library/nginx:1.25.x: not found";

    public static V1Pod Stuck(string name = "web-1", string image = "nginx:1.25.x", string reason = "ErrImagePull", string? message = null, string ns = "shop", string uid = "uid-web-1")
    {
        message ??= $"Failed to pull image \"{image}\": {TagNotFoundMessage}";
        return new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                Uid = uid,
                ResourceVersion = "10",
                OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web-7c9d", Uid = "rs-uid", Controller = true }],
                ManagedFields = [new V1ManagedFieldsEntry { Manager = "kube-controller-manager" }],
            },
            Spec = new V1PodSpec
            {
                NodeName = "node-1",
                ServiceAccountName = "default",
                Containers = [new V1Container { Name = "web", Image = image, ImagePullPolicy = "IfNotPresent" }],
            },
            Status = new V1PodStatus
            {
                Phase = "Pending",
                ContainerStatuses =
                [
                    new V1ContainerStatus
                    {
                        Name = "web",
                        Image = image,
                        ImageID = string.Empty,
                        Ready = false,
                        RestartCount = 0,
                        State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = message } },
                    },
                ],
            },
        };
    }

    public static V1Pod Running(V1Pod pod)
    {
        foreach (var status in pod.Status.ContainerStatuses.Concat(pod.Status.InitContainerStatuses ?? []))
        {
            status.State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = DateTime.UtcNow } };
            status.ImageID = "docker.io/library/nginx@sha256:" + new string('a', 64);
        }

        pod.Status.Phase = "Running";
        return pod;
    }
}
