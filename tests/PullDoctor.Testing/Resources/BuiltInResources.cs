namespace PullDoctor.Testing.Resources;

/// <summary>The built-in resources this server serves, with the names, scopes and field labels of Kubernetes 1.34.</summary>
public static class BuiltInResources
{
    private static readonly Dictionary<string, string> PodFields = new()
    {
        ["spec.nodeName"] = "spec.nodeName",
        ["spec.restartPolicy"] = "spec.restartPolicy",
        ["spec.schedulerName"] = "spec.schedulerName",
        ["spec.serviceAccountName"] = "spec.serviceAccountName",
        ["spec.hostNetwork"] = "spec.hostNetwork",
        ["status.phase"] = "status.phase",
        ["status.podIP"] = "status.podIP",
        ["status.nominatedNodeName"] = "status.nominatedNodeName",
    };

    private static readonly Dictionary<string, string> EventFields = new()
    {
        ["involvedObject.kind"] = "involvedObject.kind",
        ["involvedObject.namespace"] = "involvedObject.namespace",
        ["involvedObject.name"] = "involvedObject.name",
        ["involvedObject.uid"] = "involvedObject.uid",
        ["involvedObject.apiVersion"] = "involvedObject.apiVersion",
        ["involvedObject.resourceVersion"] = "involvedObject.resourceVersion",
        ["involvedObject.fieldPath"] = "involvedObject.fieldPath",
        ["reason"] = "reason",
        ["reportingComponent"] = "reportingComponent",
        ["source"] = "source.component",
        ["type"] = "type",
    };

    public static IReadOnlyList<ResourceType> Create() =>
    [
        Core("pods", "pod", "Pod", ns: true, ["po"], ["all"], status: true, generation: true, PodFields, PodStrategy.Instance),
        Core("events", "event", "Event", ns: true, ["ev"], [], status: false, generation: false, EventFields, CoreEventStrategy.Instance),
        Core("secrets", "secret", "Secret", ns: true, [], [], status: false, generation: false, new Dictionary<string, string> { ["type"] = "type" }),
        Core("serviceaccounts", "serviceaccount", "ServiceAccount", ns: true, ["sa"], [], status: false, generation: false),
        Core("configmaps", "configmap", "ConfigMap", ns: true, ["cm"], [], status: false, generation: false),
        Core("services", "service", "Service", ns: true, ["svc"], ["all"], status: true, generation: false),
        Core("nodes", "node", "Node", ns: false, ["no"], [], status: true, generation: false, new Dictionary<string, string> { ["spec.unschedulable"] = "spec.unschedulable" }, NodeStrategy.Instance),
        Core("namespaces", "namespace", "Namespace", ns: false, ["ns"], [], status: true, generation: false, new Dictionary<string, string> { ["status.phase"] = "status.phase" }, NamespaceStrategy.Instance),
        Apps("deployments", "deployment", "Deployment", ["deploy"]),
        Apps("replicasets", "replicaset", "ReplicaSet", ["rs"], new Dictionary<string, string> { ["status.replicas"] = "status.replicas" }),
        Apps("statefulsets", "statefulset", "StatefulSet", ["sts"]),
        Apps("daemonsets", "daemonset", "DaemonSet", ["ds"]),
        Make("batch", "v1", "jobs", "job", "Job", ns: true, [], ["all"], status: true, generation: true, new Dictionary<string, string> { ["status.successful"] = "status.successful" }),
        Make("batch", "v1", "cronjobs", "cronjob", "CronJob", ns: true, ["cj"], ["all"], status: true, generation: true),
        Make("coordination.k8s.io", "v1", "leases", "lease", "Lease", ns: true, [], [], status: false, generation: false),
        new ResourceType
        {
            Group = "events.k8s.io",
            Version = "v1",
            Plural = "events",
            Singular = "event",
            Kind = "Event",
            Namespaced = true,
            ShortNames = ["ev"],
            StorageKey = "events",
            View = EventsV1View.Instance,
            SelectableFields = EventFields,
            Strategy = EventsV1Strategy.Instance,
        },
        Make("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition",
            ns: false, ["crd", "crds"], ["api-extensions"], status: true, generation: true, strategy: CrdStrategy.Instance),
    ];

    private static ResourceType Core(string plural, string singular, string kind, bool ns, string[] shortNames, string[] categories,
        bool status, bool generation, Dictionary<string, string>? fields = null, ResourceStrategy? strategy = null) =>
        Make(string.Empty, "v1", plural, singular, kind, ns, shortNames, categories, status, generation, fields, strategy);

    private static ResourceType Apps(string plural, string singular, string kind, string[] shortNames, Dictionary<string, string>? fields = null) =>
        Make("apps", "v1", plural, singular, kind, ns: true, shortNames, ["all"], status: true, generation: true, fields);

    private static ResourceType Make(string group, string version, string plural, string singular, string kind, bool ns,
        string[] shortNames, string[] categories, bool status, bool generation, Dictionary<string, string>? fields = null,
        ResourceStrategy? strategy = null) => new()
        {
            Group = group,
            Version = version,
            Plural = plural,
            Singular = singular,
            Kind = kind,
            Namespaced = ns,
            ShortNames = shortNames,
            Categories = categories,
            HasStatus = status,
            TracksGeneration = generation,
            SelectableFields = fields ?? new Dictionary<string, string>(),
            StorageKey = string.IsNullOrEmpty(group) ? plural : $"{plural}.{group}",
            Strategy = strategy ?? ResourceStrategy.Default,
        };
}
