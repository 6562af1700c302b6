using System.Diagnostics;
using k8s;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Tests.Support;
using PullDoctor.RegistryFixtures;
using PullDoctor.Security.Tests.Support;
using PullDoctor.TestSupport;

namespace PullDoctor.Security.Tests.Starvation;

/// <summary>
/// Class 6: workers cannot be starved. A registry that accepts connections and never answers used to hold a worker
/// for a probe timeout per container, one container after another (six containers: 91.5 s); four such pods held all
/// four workers, and every other pod in the cluster waited. The real <c>pulldoctor run</c> process, default settings.
/// </summary>
public sealed class SilentRegistryTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(CiEnvironment.IsCi ? 30 : 20);

    private static readonly TimeSpan OperatorProbeTimeout = new PullDoctor.Registry.Probe.RegistryProbeOptions().ProbeTimeout;

    [TestCase(SilentListenerMode.AcceptAndStaySilent)]
    [TestCase(SilentListenerMode.TlsHandshakeThenSilent)]
    public async Task PodsOnASilentRegistry_DelayOnlyThemselves(SilentListenerMode mode)
    {
        await using var cluster = await VictimCluster.StartAsync();
        cluster.Server.Apply(File.ReadAllText(RepositoryPaths.Of("deploy/crds/imagepulldiagnoses.pulldoctor.dev.yaml")));
        await using var silent = SilentListener.Start(mode);
        var kubeconfig = cluster.WriteKubeconfig();
        await using var pulldoctor = OperatorProcess.Start(kubeconfig);

        // More slow pods than the operator has workers (4), six containers each: the attack of the review.
        for (var pod = 0; pod < 5; pod++)
        {
            cluster.AddStuckPod($"slow-{pod}", containers: 6, image: $"{silent.Host}/team/app:1.{pod}", message: Timeout(silent.Host, pod));
        }

        var clock = Stopwatch.StartNew();
        var refused = RefusedPort.AllocateHost();
        cluster.AddStuckPod("zz-bystander", image: $"{refused}/team/web:1.0", message: Refused(refused));

        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        var bystander = await pulldoctor.WaitForDiagnosisAsync(client, "zz-bystander", d => d.Status?.Containers?.FirstOrDefault()?.Confidence == "Confirmed", Bound);
        var bystanderTime = clock.Elapsed;
        var slow = new List<ImagePullDiagnosis>();
        for (var pod = 0; pod < 5; pod++)
        {
            slow.Add(await pulldoctor.WaitForDiagnosisAsync(client, $"slow-{pod}", d => d.Status?.Phase == "Failing", Bound));
        }

        var slowTime = clock.Elapsed;
        TestContext.Out.WriteLine($"bystander confirmed after {bystanderTime.TotalSeconds:0.0} s; 5 slow pods diagnosed after {slowTime.TotalSeconds:0.0} s");
        Assert.Multiple(() =>
        {
            Assert.That(bystander.Status!.Cause, Is.EqualTo("ConnectionRefused"), "the bystander's own registry answered");
            // Waiting behind the silent registry would take the operator's probe timeout (60 s, the default) at least;
            // a fixed few seconds would only measure how loaded the machine is.
            Assert.That(bystanderTime, Is.LessThan(OperatorProbeTimeout / 2), "the bystander did not wait behind the silent registry");
            Assert.That(slow.Select(d => d.Status!.Containers!.Count), Is.All.EqualTo(6), "each slow pod is diagnosed with all its containers");
            Assert.That(slow.SelectMany(d => d.Status!.Containers!).Select(c => c.Cause), Is.All.EqualTo("NetworkTimeout"), "from the kubelet's message while the registry is silent");
        });
    }

    private static string Timeout(string host, int pod) =>
        $"rpc error: code = DeadlineExceeded desc = failed to pull and unpack image \"{host}/team/app:1.{pod}\": failed to resolve reference \"{host}/team/app:1.{pod}\": failed to do request: Head \"https://{host}/v2/team/app/manifests/1.{pod}\": dial tcp {host}: i/o timeout";

    private static string Refused(string host) =>
        $"rpc error: code = Unavailable desc = failed to pull and unpack image \"{host}/team/web:1.0\": failed to resolve reference \"{host}/team/web:1.0\": failed to do request: Head \"https://{host}/v2/team/web/manifests/1.0\": dial tcp {host}: connect: connection refused";
}
