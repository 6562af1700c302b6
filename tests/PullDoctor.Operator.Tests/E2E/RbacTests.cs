using PullDoctor.Operator.Tests.Support;
using k8s;
using PullDoctor.Testing.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace PullDoctor.Operator.Tests.E2E;

/// <summary>
/// The (verb, group, resource) of every API call the operator makes must be granted by deploy/rbac.yaml, and
/// every grant must be used: least privilege, checked against what really happened.
/// </summary>
public sealed class RbacTests
{
    private static readonly Lazy<IReadOnlySet<(string Verb, string Group, string Resource)>> Granted = new(LoadGrants);

    /// <summary>Called by every end-to-end test's teardown: nothing the operator did may be missing from the RBAC rules.</summary>
    public static void AssertAllowed(IEnumerable<RequestRecord> operatorRequests)
    {
        ArgumentNullException.ThrowIfNull(operatorRequests);
        var missing = operatorRequests
            .Where(r => r.Verb.Length > 0)
            .Select(r => (r.Verb, r.Group, r.ResourceWithSubresource))
            .Distinct()
            .Where(call => !Granted.Value.Contains(call))
            .Select(c => $"{c.Verb} {c.Group}/{c.ResourceWithSubresource}")
            .ToArray();
        Assert.That(missing, Is.Empty, "API calls not granted by deploy/rbac.yaml");
    }

    public static IReadOnlySet<(string Verb, string Group, string Resource)> Grants => Granted.Value;

    /// <summary>
    /// One run that exercises every path the operator has (leader election, pull secrets, ReplicaSet and Job owners,
    /// recovery, a repeated Event (series), a pod recreated under the same name, an unlabelled diagnosis adopted) records exactly the granted calls.
    /// </summary>
    [Test]
    [NonParallelizable]
    public async Task RecordedCalls_EqualTheRbacRules_NothingMissingNothingExtra()
    {
        // A slow garbage collector, so the recreated pod meets its predecessor's diagnosis and replaces it.
        await using var h = await OperatorHarness.StartAsync(new PullDoctor.Testing.KubeApiServerOptions { ControllerDelay = TimeSpan.FromSeconds(3) });
        var cause = PullDoctor.Core.Causes.CauseCode.TagNotFound;
        var probe = new FakeProbe(r => FakeProbe.Problem(r, cause, 404));
        var app = await h.StartOperatorAsync(OperatorHarness.DefaultOptions with { LeaderElection = true, Identity = "rbac" }, probe);
        await OperatorHarness.WaitUntilAsync(() => Task.FromResult(app.Gate.IsLeader), () => "leader");

        var withSecret = Pods.Stuck(name: "with-secret");
        withSecret.Spec.ImagePullSecrets = [new k8s.Models.V1LocalObjectReference { Name = "regcred" }];
        h.PutPod(withSecret);
        var job = Pods.Stuck(name: "job-pod");
        job.Metadata.OwnerReferences = [new k8s.Models.V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = "backup-1", Uid = "job-uid", Controller = true }];
        h.PutPod(job);
        // A diagnosis without PullDoctor's label (an older version's, or made by hand) is not in the operator's cache:
        // its create meets AlreadyExists, answered by the one live get, and the object is adopted (labelled).
        var adopted = Pods.Stuck(name: "adopted", uid: "uid-adopted");
        adopted.Status.ContainerStatuses[0].State = new k8s.Models.V1ContainerState { Waiting = new k8s.Models.V1ContainerStateWaiting { Reason = "ContainerCreating" } };
        var adoptedPod = h.PutPod(adopted);
        h.Server.CreateOrReplace(OperatorHarness.Json(new PullDoctor.Operator.Crds.ImagePullDiagnosis
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "adopted", NamespaceProperty = OperatorHarness.Namespace },
            Spec = new PullDoctor.Operator.Crds.ImagePullDiagnosisSpec { PodName = "adopted", PodUid = adoptedPod.Metadata.Uid },
        }));
        await h.SetPodStatusAsync(Pods.Stuck(name: "adopted"));
        await h.WaitForDiagnosisAsync("adopted", d => d.Status?.Phase == "Failing" && d.Metadata.Labels?.ContainsKey(PullDoctor.Operator.Crds.ImagePullDiagnosis.ManagedByLabel) == true, "adopted diagnosis Failing and labelled");
        await h.WaitForDiagnosisAsync("with-secret", d => d.Status?.Phase == "Failing", "with-secret");
        await h.WaitForDiagnosisAsync("job-pod", d => d.Status?.Phase == "Failing", "job-pod");

        await h.SetPodStatusAsync(Pods.Running(Pods.Stuck(name: "with-secret")));
        await h.WaitForDiagnosisAsync("with-secret", d => d.Status?.Phase == "Resolved", "resolved");

        // Stuck again with the same cause: the recorder extends the first Event's series (a patch).
        await h.SetPodStatusAsync(Pods.Stuck(name: "with-secret"));
        await OperatorHarness.WaitUntilAsync(() => Task.FromResult(h.OperatorRequests().Any(r => r.Resource == "events" && r.Verb == "patch")), () => "a series patch of the repeated Event");

        await h.Client.CoreV1.DeleteNamespacedPodAsync("job-pod", OperatorHarness.Namespace, gracePeriodSeconds: 0);
        var recreated = h.PutPod(job);
        await h.WaitForDiagnosisAsync("job-pod", d => d.Spec?.PodUid == recreated.Metadata.Uid, "recreated pod diagnosed");

        // The registry now answers differently: the cause changes, and with it the cause label (a patch).
        cause = PullDoctor.Core.Causes.CauseCode.AccessDenied;
        await h.SetPodStatusAsync(Pods.Stuck(name: "with-secret", reason: "ImagePullBackOff"));
        await h.WaitForDiagnosisAsync("with-secret", d => d.Status?.Cause == "AccessDenied" && d.Metadata.Labels?["pulldoctor.dev/cause"] == "AccessDenied", "cause and its label changed");
        await OperatorHarness.WaitUntilAsync(() => Task.FromResult(h.OperatorRequests().Any(r => r.Resource == "leases" && r.Verb == "update")), () => "a lease renewal");
        await OperatorHarness.StopAsync(app);

        // A watch is logged when it ends, which the server notices a moment after the client hung up: wait for each
        // (pods, and the sandbox-pull Events).
        await OperatorHarness.WaitUntilAsync(
            () => Task.FromResult(Grants.Where(g => g.Verb == "watch").All(g => h.OperatorRequests().Any(r => r.Verb == "watch" && r.Group == g.Group && r.ResourceWithSubresource == g.Resource))),
            () => "every watch logged");

        var used = h.OperatorRequests().Where(r => r.Verb.Length > 0).Select(r => (r.Verb, r.Group, r.ResourceWithSubresource)).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(used.Except(Grants).Select(Describe), Is.Empty, "used but not granted");
            Assert.That(Grants.Except(used).Select(Describe), Is.Empty, "granted but never used");
        });
    }

    private static string Describe((string Verb, string Group, string Resource) call) => $"{call.Verb} {call.Group}/{call.Resource}";

    private static HashSet<(string Verb, string Group, string Resource)> LoadGrants()
    {
        var grants = new HashSet<(string, string, string)>();
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepositoryPaths.Of("deploy/rbac.yaml"))));
        foreach (var document in stream.Documents)
        {
            var root = (YamlMappingNode)document.RootNode;
            var kind = ((YamlScalarNode)root[new YamlScalarNode("kind")]).Value;
            if (kind is not ("ClusterRole" or "Role"))
            {
                continue;
            }

            foreach (var rule in ((YamlSequenceNode)root[new YamlScalarNode("rules")]).Children.Cast<YamlMappingNode>())
            {
                foreach (var group in Values(rule, "apiGroups"))
                {
                    foreach (var resource in Values(rule, "resources"))
                    {
                        foreach (var verb in Values(rule, "verbs"))
                        {
                            grants.Add((verb, group, resource));
                        }
                    }
                }
            }
        }

        return grants;
    }

    private static IEnumerable<string> Values(YamlMappingNode rule, string key) =>
        ((YamlSequenceNode)rule[new YamlScalarNode(key)]).Children.Select(n => ((YamlScalarNode)n).Value ?? string.Empty);
}
