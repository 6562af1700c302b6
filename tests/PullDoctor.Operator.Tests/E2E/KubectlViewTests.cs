using PullDoctor.Core.Causes;
using PullDoctor.Operator.Tests.Support;
using PullDoctor.RegistryFixtures;

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
        _kubectl = KubectlBinary.Require();
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

    private async Task<(int Exit, string Out, string Err)> KubectlAsync(params string[] arguments)
    {
        var result = await CommandRunner.RunAsync(_kubectl, arguments, CommandTimeout, environment: new Dictionary<string, string> { ["KUBECONFIG"] = _kubeconfig, ["HOME"] = _directory });
        return (result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
