using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using PullDoctor.Testing;

namespace PullDoctor.Demo.Scenario;

/// <summary>
/// Writes objects into the API server as a real cluster has them: a Deployment owns a ReplicaSet that owns the pod,
/// a CronJob owns a Job that owns the pod (owner references carry the uids the server gave the owners), pods are
/// scheduled to a node and carry the kubelet's status, and the kubelet's Events name the pod by uid.
/// </summary>
internal sealed class ClusterObjects(KubeApiServer server, string ns, string nodeName, DateTime now)
{
    // The pods have been failing for a while, as a stuck pod someone looks at has.
    private static readonly TimeSpan Stuck = TimeSpan.FromMinutes(3);

    public void Node(string os, string architecture) => Put(new V1Node
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta
        {
            Name = nodeName,
            Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = nodeName, ["kubernetes.io/os"] = os, ["kubernetes.io/arch"] = architecture },
        },
    });

    public void ServiceAccount(string name) =>
        Put(new V1ServiceAccount { ApiVersion = "v1", Kind = "ServiceAccount", Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } });

    /// <summary>A kubernetes.io/dockerconfigjson Secret as <c>kubectl create secret docker-registry</c> makes it.</summary>
    public void DockerRegistrySecret(string name, string registry, string user, string password)
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        var config = new JsonObject { ["auths"] = new JsonObject { [registry] = new JsonObject { ["username"] = user, ["password"] = password, ["auth"] = auth } } };
        Put(new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Type = "kubernetes.io/dockerconfigjson",
            Data = new Dictionary<string, byte[]> { [".dockerconfigjson"] = Encoding.UTF8.GetBytes(config.ToJsonString()) },
        });
    }

    /// <summary>Deployment <paramref name="name"/>, ReplicaSet name-hash, pod name-hash-suffix; returns the pod's name.</summary>
    public string Deployment(string name, string hash, string suffix, V1Container container, Failure failure, IReadOnlyList<string>? pullSecrets = null)
    {
        var labels = new Dictionary<string, string> { ["app"] = name };
        var podLabels = new Dictionary<string, string>(labels) { ["pod-template-hash"] = hash };
        var spec = PodSpec(container, pullSecrets, "Always");
        var deployment = Put(new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels, Generation = 1 },
            Spec = new V1DeploymentSpec
            {
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = labels }, Spec = spec },
            },
        });
        var replicaSet = Put(new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta { Name = $"{name}-{hash}", NamespaceProperty = ns, Labels = podLabels, OwnerReferences = [Owner(deployment)] },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = podLabels },
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = podLabels }, Spec = spec },
            },
        });
        return Pod($"{name}-{hash}-{suffix}", podLabels, Owner(replicaSet), spec, container, failure);
    }

    /// <summary>CronJob <paramref name="name"/>, Job name-run, pod name-run-suffix; returns the pod's name.</summary>
    public string CronJob(string name, string schedule, string run, string suffix, V1Container container, Failure failure)
    {
        var spec = PodSpec(container, null, "OnFailure");
        var cronJob = Put(new V1CronJob
        {
            ApiVersion = "batch/v1",
            Kind = "CronJob",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Spec = new V1CronJobSpec
            {
                Schedule = schedule,
                JobTemplate = new V1JobTemplateSpec { Spec = new V1JobSpec { Template = new V1PodTemplateSpec { Spec = spec } } },
            },
        });
        var jobName = $"{name}-{run}";
        var labels = new Dictionary<string, string> { ["batch.kubernetes.io/job-name"] = jobName, ["job-name"] = jobName };
        var job = Put(new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = jobName, NamespaceProperty = ns, Labels = labels, OwnerReferences = [Owner(cronJob)] },
            Spec = new V1JobSpec { BackoffLimit = 6, Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = labels }, Spec = spec } },
        });
        return Pod($"{jobName}-{suffix}", labels, Owner(job), spec, container, failure);
    }

    /// <summary>A pod nobody owns (<c>kubectl run</c>); returns its name.</summary>
    public string BarePod(string name, V1Container container, Failure failure) =>
        Pod(name, new Dictionary<string, string> { ["run"] = name }, null, PodSpec(container, null, "Always"), container, failure);

    private string Pod(string name, Dictionary<string, string> labels, V1OwnerReference? owner, V1PodSpec template, V1Container container, Failure failure)
    {
        var started = now - Stuck;
        var spec = KubernetesJson.Deserialize<V1PodSpec>(KubernetesJson.Serialize(template));
        spec.NodeName = nodeName;
        var unready = new[] { "Ready", "ContainersReady" }.Select(type => new V1PodCondition
        {
            Type = type,
            Status = "False",
            Reason = "ContainersNotReady",
            Message = $"containers with unready status: [{container.Name}]",
            LastTransitionTime = started,
        });
        var pod = Put(new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels, OwnerReferences = owner is null ? null : [owner] },
            Spec = spec,
            Status = new V1PodStatus
            {
                Phase = "Pending",
                HostIP = "10.0.0.11",
                PodIP = "10.244.1." + (17 + (name.Length % 200)).ToString(CultureInfo.InvariantCulture),
                QosClass = "BestEffort",
                StartTime = started,
                Conditions =
                [
                    new V1PodCondition { Type = "PodReadyToStartContainers", Status = "True", LastTransitionTime = started },
                    new V1PodCondition { Type = "Initialized", Status = "True", LastTransitionTime = started },
                    .. unready,
                    new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = started },
                ],
                ContainerStatuses =
                [
                    new V1ContainerStatus
                    {
                        Name = container.Name,
                        Image = container.Image,
                        ImageID = string.Empty,
                        Ready = false,
                        Started = false,
                        RestartCount = 0,
                        State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = failure.WaitingReason, Message = failure.WaitingMessage } },
                    },
                ],
            },
        });
        var uid = pod["metadata"]!["uid"]!.ToString();
        var i = 0;
        foreach (var e in failure.Events)
        {
            KubeletEventOn(name, uid, container.Name, e, started.AddSeconds(1 + i), now.AddSeconds(-5 * (failure.Events.Count - i)));
            i++;
        }

        return name;
    }

    private void KubeletEventOn(string pod, string uid, string container, KubeletEvent e, DateTime first, DateTime last) => Put(new Corev1Event
    {
        ApiVersion = "v1",
        Kind = "Event",
        Metadata = new V1ObjectMeta { Name = $"{pod}.{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..16]}", NamespaceProperty = ns },
        InvolvedObject = new V1ObjectReference
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Name = pod,
            NamespaceProperty = ns,
            Uid = uid,
            FieldPath = e.PodLevel ? null : $"spec.containers{{{container}}}",
        },
        Reason = e.Reason,
        Message = e.Message,
        Type = e.Type,
        Source = new V1EventSource { Component = "kubelet", Host = nodeName },
        ReportingComponent = "kubelet",
        ReportingInstance = nodeName,
        FirstTimestamp = first,
        LastTimestamp = e.Count > 1 ? last : first,
        Count = e.Count,
    });

    private static V1PodSpec PodSpec(V1Container container, IReadOnlyList<string>? pullSecrets, string restartPolicy) => new()
    {
        Containers = [container],
        ServiceAccountName = "default",
        RestartPolicy = restartPolicy,
        DnsPolicy = "ClusterFirst",
        TerminationGracePeriodSeconds = 30,
        ImagePullSecrets = pullSecrets?.Select(s => new V1LocalObjectReference { Name = s }).ToList(),
    };

    private static V1OwnerReference Owner(JsonObject owner) => new()
    {
        ApiVersion = owner["apiVersion"]!.ToString(),
        Kind = owner["kind"]!.ToString(),
        Name = owner["metadata"]!["name"]!.ToString(),
        Uid = owner["metadata"]!["uid"]!.ToString(),
        Controller = true,
        BlockOwnerDeletion = true,
    };

    private JsonObject Put(object obj) => server.CreateOrReplace(JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject());
}
