using System.Text.Json.Nodes;
using PullDoctor.RegistryFixtures;
using PullDoctor.RegistryFixtures.Kubelet;
using PullDoctor.Testing;
using PullDoctor.Tests.Support;

namespace PullDoctor.Tests.Diagnose;

/// <summary>
/// <c>pulldoctor diagnose pod</c> end to end: the real executable reads a stuck pod, its Events and its owners from the
/// in-process API server through a kubeconfig, and probes the real docker-registry the pod's image names.
/// </summary>
[NonParallelizable]
public sealed class DiagnosePodEndToEndTests
{
    private TestRegistry _registry = null!;
    private KubeApiServer _server = null!;
    private string _kubeconfig = null!;
    private string _directory = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _registry = await TestRegistry.StartAsync(RegistryOptions.Anonymous);
        await _registry.PushTagsAsync("team/web", ["1.25.0", "1.25.3"], ImagePlatforms.LinuxAmd64);
        _server = await KubeApiServer.StartAsync();
        _directory = Directory.CreateTempSubdirectory("diagnose-pod-").FullName;
        _kubeconfig = _server.WriteKubeconfig(Path.Combine(_directory, "kubeconfig"), defaultNamespace: "shop");

        var image = _registry.ImageReference("team/web", "1.25.x");
        _server.EnsureNamespace("shop");
        _server.CreateOrReplace(Node("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-1","labels":{"kubernetes.io/os":"linux","kubernetes.io/arch":"amd64"}}}"""));
        _server.CreateOrReplace(Node("""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default","namespace":"shop"}}"""));
        var rs = _server.CreateOrReplace(Node("""
            {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-7c9d","namespace":"shop",
              "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"deployment-web-uid","controller":true}]},
             "spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}
            """));
        var message = KubeletPullMessages.NotFound(image);
        var pod = _server.CreateOrReplace(Node($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-7c9d-x2x9q","namespace":"shop","labels":{"app":"web"},
              "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-7c9d","uid":"{{{rs["metadata"]!["uid"]}}}","controller":true}]},
             "spec":{"nodeName":"node-1","containers":[{"name":"web","image":"{{{image}}}"}]},
             "status":{"phase":"Pending","containerStatuses":[{"name":"web","image":"{{{image}}}","imageID":"","ready":false,"restartCount":0,
               "state":{"waiting":{"reason":"ErrImagePull","message":{{{JsonValue.Create(message).ToJsonString()}}} } } } ] } }
            """));
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        _server.CreateOrReplace(Node($$$"""
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"web-7c9d-x2x9q.1","namespace":"shop"},
             "involvedObject":{"apiVersion":"v1","kind":"Pod","name":"web-7c9d-x2x9q","namespace":"shop","uid":"{{{pod["metadata"]!["uid"]}}}","fieldPath":"spec.containers{web}"},
             "reason":"Failed","message":{{{JsonValue.Create("Failed to pull image \"" + image + "\": " + message).ToJsonString()}}},"type":"Warning",
             "source":{"component":"kubelet","host":"node-1"},"firstTimestamp":"{{{now}}}","lastTimestamp":"{{{now}}}","count":1}
            """));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public async Task DiagnosePod_Text_TagNotFoundConfirmedByTheRegistry_FixNamesTheDeployment_Exit3()
    {
        var run = await PullDoctorProcess.RunAsync(["diagnose", "pod", "web-7c9d-x2x9q", "--kubeconfig", _kubeconfig]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString);
            Assert.That(run.Stdout, Does.Contain("TagNotFound"), run.ToString);
            Assert.That(run.Stdout, Does.Contain("1.25.3"), "the nearest tag from the registry's tag list");
            Assert.That(run.Stdout, Does.Contain("deployment/web"), "the fix names the top owner");
            Assert.That(run.Stderr, Is.Empty);
        });
    }

    [Test]
    public async Task DiagnosePod_Json_CauseConfidenceAndProbeEvidence()
    {
        var run = await PullDoctorProcess.RunAsync(["diagnose", "pod", "web-7c9d-x2x9q", "-n", "shop", "--kubeconfig", _kubeconfig, "-o", "json"]);

        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString);
        var json = JsonNode.Parse(run.Stdout)!;
        var text = json.ToJsonString();
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("\"TagNotFound\""), text);
            Assert.That(text, Does.Contain("\"Confirmed\""), "the probe against the real registry agreed: " + text);
            Assert.That(text, Does.Contain(_registry.Host), "the probe's evidence names the registry");
        });
    }

    [Test]
    public async Task DiagnosePod_PodThatDoesNotExist_OneLineAndExit2()
    {
        var run = await PullDoctorProcess.RunAsync(["diagnose", "pod", "nope", "--kubeconfig", _kubeconfig]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString);
            Assert.That(run.Stderr, Is.EqualTo("pulldoctor: pod shop/nope not found\n"));
        });
    }

    private static JsonObject Node(string json) => (JsonObject)JsonNode.Parse(json)!;
}
