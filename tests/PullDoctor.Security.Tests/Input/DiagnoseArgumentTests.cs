using System.Text.Json.Nodes;
using PullDoctor.Security.Tests.Support;
using PullDoctor.Testing;
using PullDoctor.Tests.Support;

namespace PullDoctor.Security.Tests.Input;

/// <summary>
/// Arguments that can never name an image or a pod are usage errors (exit 2), found before any request: a pod name
/// is a DNS-1123 subdomain of at most 253 characters and a namespace a DNS-1123 label of at most 63, as the API
/// server's own validation says, so <c>../x</c> never becomes a path on the API server.
/// </summary>
public class DiagnoseArgumentTests
{
    private KubeApiServer _server = null!;
    private string _directory = null!;
    private string _kubeconfig = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await KubeApiServer.StartAsync();
        _directory = Directory.CreateTempSubdirectory("diagnose-args-").FullName;
        _kubeconfig = _server.WriteKubeconfig(Path.Combine(_directory, "kubeconfig"));
        _server.CreateOrReplace(JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"},"spec":{"containers":[{"name":"app","image":"nginx:1.25"}]}}""")!.AsObject());
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [TestCase("")]
    [TestCase("   ")]
    public async Task EmptyImage_IsAUsageError(string image)
    {
        var run = await PullDoctorProcess.RunRawAsync(["diagnose", image], new PullDoctorProcess.Options());

        CliAssert.UsageError(run, "IMAGE is empty");
    }

    [TestCase("../x")]
    [TestCase("..")]
    [TestCase("a/b")]
    [TestCase("web?watch=true")]
    [TestCase("%2e%2e")]
    [TestCase("Web")]
    [TestCase("-web")]
    [TestCase("web.")]
    [TestCase("")]
    public async Task InvalidPodName_IsAUsageError_BeforeAnyRequest(string name)
    {
        var before = _server.Requests.Entries.Count;

        var run = await DiagnosePodAsync(name);

        CliAssert.UsageError(run, $"pod name '{name}' is not a valid Kubernetes name");
        Assert.That(_server.Requests.Entries.Count, Is.EqualTo(before), "no request reached the API server");
    }

    [Test]
    public async Task PodNameOf254Characters_IsAUsageError()
    {
        var run = await DiagnosePodAsync(new string('a', 254));

        CliAssert.UsageError(run, "at most 253 characters");
    }

    [TestCase("A B")]
    [TestCase("../kube-system")]
    [TestCase("kube.system")]
    [TestCase("")]
    public async Task InvalidNamespace_IsAUsageError_BeforeAnyRequest(string ns)
    {
        var before = _server.Requests.Entries.Count;

        var run = await DiagnosePodAsync("web", "-n", ns);

        CliAssert.UsageError(run, $"namespace '{ns}' is not a valid Kubernetes namespace");
        Assert.That(_server.Requests.Entries.Count, Is.EqualTo(before), "no request reached the API server");
    }

    [Test]
    public async Task NamespaceOf64Characters_IsAUsageError()
    {
        var run = await DiagnosePodAsync("web", "-n", new string('a', 64));

        CliAssert.UsageError(run, "at most 63 characters");
    }

    [Test]
    public async Task ValidNames_StillReachTheServer()
    {
        var run = await DiagnosePodAsync("web", "-n", "default");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Decoded.Stdout, Does.Contain("Pod default/web is not stuck pulling an image"));
    }

    private async Task<PullDoctorProcess.RawResult> DiagnosePodAsync(params string[] arguments) =>
        await PullDoctorProcess.RunRawAsync(["diagnose", "pod", .. arguments, "--kubeconfig", _kubeconfig, "--no-probe"], new PullDoctorProcess.Options());
}
