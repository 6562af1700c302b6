using PullDoctor.Core.Causes;
using PullDoctor.Operator.Tests.Support;
using PullDoctor.RegistryFixtures;
using PullDoctor.RegistryFixtures.Kubelet;
using PullDoctor.TestSupport;

namespace PullDoctor.Operator.Tests.E2E;

/// <summary>
/// What a person sees with the real kubectl against the in-process API server: PullDoctor's Events sorted among
/// the kubelet's by <c>--sort-by=.lastTimestamp</c>, <c>kubectl get ipd</c> and its <c>-o wide</c> columns, and
/// <c>kubectl get ipd -l</c> by workload and cause.
/// </summary>
[NonParallelizable]
public sealed class KubectlViewTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private OperatorHarness _h = null!;
    private string _kubectl = null!;
    private string _directory = null!;
    private string _kubeconfig = null!;

    [SetUp]
    public async Task SetUp()
    {
        _kubectl = PinnedTools.Kubectl();
        _h = await OperatorHarness.StartAsync();
        _directory = Directory.CreateTempSubdirectory("pulldoctor-kubectl-view-").FullName;
        _kubeconfig = _h.Server.WriteKubeconfig(Path.Combine(_directory, "kubeconfig"));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _h.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Events_CarryCoreV1Times_AndSortByLastTimestampAmongTheKubelets()
    {
        await _h.StartOperatorAsync(probe: new FakeProbe(r => FakeProbe.Problem(r, CauseCode.TagNotFound, 404, "1.25.3")));
        var pod = _h.PutPod(Pods.Stuck());
        _h.KubeletEvent(pod, "Failed", Pods.Stuck().Status.ContainerStatuses[0].State.Waiting.Message, at: DateTime.UtcNow.AddMinutes(-10));
        await OperatorHarness.WaitUntilAsync(async () => (await _h.PullDoctorEventsAsync()).Count == 1, () => "PullDoctor's Event");
        var ours = (await _h.PullDoctorEventsAsync()).Single();
        _h.KubeletEvent(pod, "BackOff", "Back-off pulling image \"nginx:1.25.x\"", type: "Normal", at: ours.LastTimestamp!.Value.AddSeconds(2));

        var run = await KubectlAsync("-n", OperatorHarness.Namespace, "get", "events", "--sort-by=.lastTimestamp", "--no-headers",
            "-o", "custom-columns=REASON:.reason,COUNT:.count,FIRST:.firstTimestamp,LAST:.lastTimestamp,FROM:.source.component");
        TestContext.Out.WriteLine(run.Out);
        var rows = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(run.Exit, Is.Zero, run.Err);
            Assert.That(rows.Select(r => r[0]), Is.EqualTo(new[] { "Failed", "TagNotFound", "BackOff" }), "sorted by lastTimestamp");
            var row = rows.Single(r => r[0] == "TagNotFound");
            Assert.That(row[1], Is.EqualTo("1"), "count");
            Assert.That(row[2], Is.Not.EqualTo("<none>"), "firstTimestamp");
            Assert.That(row[3], Is.EqualTo(row[2]), "lastTimestamp, the same on a first Event");
            Assert.That(row[4], Is.EqualTo("pulldoctor.dev/operator"));
        });
    }

    [Test]
    public async Task Ipd_TableAndWide_ShowWorkloadCauseConfidenceSince_AndLabelsSelectByWorkloadAndCause()
    {
        await _h.StartOperatorAsync(probe: new FakeProbe(r => r.Image.Normalized.Contains("private", StringComparison.Ordinal)
            ? FakeProbe.Problem(r, CauseCode.AccessDenied, 403)
            : FakeProbe.Problem(r, CauseCode.TagNotFound, 404, "1.25.3")));
        var web = _h.PutPod(Pods.Stuck());
        _h.KubeletEvent(web, "Failed", Pods.Stuck().Status.ContainerStatuses[0].State.Waiting.Message, at: DateTime.UtcNow.AddMinutes(-10));
        const string privateImage = "registry.example/acme/private:1.0";
        var bare = Pods.Stuck(name: "debug", image: privateImage, uid: "uid-debug", message: KubeletPullMessages.NotFound(privateImage));
        bare.Metadata.OwnerReferences = null;
        _h.PutPod(bare);
        await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Cause == "TagNotFound", "web-1 diagnosed");
        await _h.WaitForDiagnosisAsync("debug", d => d.Status?.Cause == "AccessDenied", "debug diagnosed");

        var table = await KubectlAsync("-n", OperatorHarness.Namespace, "get", "ipd");
        var wide = await KubectlAsync("-n", OperatorHarness.Namespace, "get", "ipd", "-o", "wide");
        var byWorkload = await KubectlAsync("-n", OperatorHarness.Namespace, "get", "ipd", "-o", "name", "-l", "pulldoctor.dev/workload-kind=Deployment,pulldoctor.dev/workload-name=web");
        var byCause = await KubectlAsync("get", "ipd", "-A", "-o", "name", "-l", "pulldoctor.dev/cause=AccessDenied");
        TestContext.Out.WriteLine(table.Out);
        TestContext.Out.WriteLine(wide.Out);

        var header = Words(table.Out.Split('\n')[0]);
        var row = Words(Line(table.Out, "web-1"));
        var wideHeader = Words(wide.Out.Split('\n')[0]);
        var wideRow = Line(wide.Out, "web-1");
        Assert.Multiple(() =>
        {
            Assert.That(new[] { table.Exit, wide.Exit, byWorkload.Exit, byCause.Exit }, Is.All.Zero, table.Err + wide.Err + byWorkload.Err + byCause.Err);
            Assert.That(header, Is.EqualTo(new[] { "NAME", "WORKLOAD", "CAUSE", "CONFIDENCE", "SINCE", "IMAGE" }));
            Assert.That(row, Is.EqualTo(new[] { "web-1", "deployment/web", "TagNotFound", "Confirmed", "10m", "nginx:1.25.x" }), "Since is the first failure's age, not the object's");
            Assert.That(Words(Line(table.Out, "debug"))[..4], Is.EqualTo(new[] { "debug", "pod/debug", "AccessDenied", "Confirmed" }));
            Assert.That(wideHeader, Is.EqualTo(new[] { "NAME", "WORKLOAD", "CAUSE", "CONFIDENCE", "SINCE", "IMAGE", "NODE", "CONTAINER", "PHASE", "SUMMARY" }));
            Assert.That(wideRow, Does.Contain(" node-1 ").And.Contain(" web ").And.Contain(" Failing ").And.Contain("Did you mean 1.25.3?"));
            Assert.That(wideRow.Split("nginx:1.25.x").Length - 1, Is.EqualTo(1), "the image once, in its column");
            Assert.That(byWorkload.Out.Trim(), Is.EqualTo("imagepulldiagnosis.pulldoctor.dev/web-1"));
            Assert.That(byCause.Out.Trim(), Is.EqualTo("imagepulldiagnosis.pulldoctor.dev/debug"));
        });
    }

    [Test]
    public async Task StuckRollout_OldReplicaSetStillReady_OffersRolloutUndo_AndCountsTheStuckPods()
    {
        ReplicaSet("web-5f4", revision: 1, ready: 3);
        ReplicaSet("web-7c9d", revision: 2, ready: 0);
        await _h.StartOperatorAsync(probe: new FakeProbe(r => FakeProbe.Problem(r, CauseCode.TagNotFound, 404, "1.25.3")));
        var storedA = _h.PutPod(Pods.Stuck(name: "web-7c9d-a", uid: "a"));
        _h.PutPod(Pods.Stuck(name: "web-7c9d-b", uid: "b"));

        var a = await _h.WaitForDiagnosisAsync("web-7c9d-a", d => d.Status?.Phase == "Failing", "web-7c9d-a diagnosed");
        await _h.WaitForDiagnosisAsync("web-7c9d-b", d => d.Status?.Phase == "Failing", "web-7c9d-b diagnosed");
        // Once both are in the store, the next write of a's status (here: the kubelet's next message) counts both.
        await _h.SetPodStatusAsync(Pods.Stuck(name: "web-7c9d-a", uid: "a", message: "Back-off pulling image \"nginx:1.25.x\""));
        var firstEvent = DateTime.UtcNow.AddMinutes(-30);
        _h.KubeletEvent(storedA, "Failed", "Failed to pull image \"nginx:1.25.x\": " + Pods.TagNotFoundMessage, at: firstEvent);
        a = await _h.WaitForDiagnosisAsync(
            "web-7c9d-a",
            d => d.Status?.Workload is { StuckPods: 2, StuckSince: { } since } && (since - firstEvent).Duration() < TimeSpan.FromSeconds(2),
            "two stuck pods of deployment/web, since the older Event");

        var steps = a.Status!.Containers![0].Remediation!;
        Assert.Multiple(() =>
        {
            Assert.That(a.Status.Workload!.Ref, Is.EqualTo("deployment/web"));
            Assert.That(a.Status.Workload.Via, Is.EqualTo("web-7c9d"));
            var rollout = a.Status.Workload.Rollout!;
            Assert.That((rollout.NewReplicaSet, rollout.RunningReplicaSet, rollout.RunningReadyPods), Is.EqualTo(("web-7c9d", "web-5f4", (int?)3)));
            Assert.That(steps.Select(s => s.Command), Does.Contain("kubectl -n shop rollout undo deployment/web"));
            Assert.That(steps.Single(s => s.Command == "kubectl -n shop rollout undo deployment/web").Text, Does.Contain("web-5f4 still has 3 ready pods"));
        });
    }

    private void ReplicaSet(string name, int revision, int ready) =>
        _h.Server.CreateOrReplace(OperatorHarness.Json(new k8s.Models.V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new k8s.Models.V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = OperatorHarness.Namespace,
                Annotations = new Dictionary<string, string> { ["deployment.kubernetes.io/revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                OwnerReferences = [new k8s.Models.V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web", Uid = "deployment-web-uid", Controller = true }],
            },
            Spec = new k8s.Models.V1ReplicaSetSpec
            {
                Replicas = ready,
                Selector = new k8s.Models.V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new k8s.Models.V1PodTemplateSpec
                {
                    Metadata = new k8s.Models.V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new k8s.Models.V1PodSpec { Containers = [new k8s.Models.V1Container { Name = "web", Image = "nginx" }] },
                },
            },
            Status = new k8s.Models.V1ReplicaSetStatus { Replicas = ready, ReadyReplicas = ready },
        }));

    private static string Line(string output, string name) =>
        output.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal)) ?? string.Empty;

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private async Task<(int Exit, string Out, string Err)> KubectlAsync(params string[] arguments)
    {
        var result = await CommandRunner.RunAsync(_kubectl, arguments, CommandTimeout, environment: new Dictionary<string, string> { ["KUBECONFIG"] = _kubeconfig, ["HOME"] = _directory });
        return (result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
