using System.Text.Json;
using PullDoctor.Tests.Support;

namespace PullDoctor.Tests.Explain;

/// <summary>`pulldoctor explain` on escaped messages, pod YAML, and owned pods (issue 17, item 3).</summary>
public class ExplainEscapingAndOwnerTests
{
    private static string Input(string name) => Path.Combine(AppContext.BaseDirectory, "Explain", "Inputs", name);

    // kubelet-journal.txt: a journal line of klog's structured output, where the pod worker quotes an error that already
    // quoted the image (two levels of escaping). kubelet-json-log.txt: the kubelet's error as a JSON log record behind
    // a CRI log prefix, copied as it stands.
    [TestCase("kubelet-journal.txt")]
    [TestCase("kubelet-json-log.txt")]
    public async Task Explain_EscapedQuotes_ReadTheImageAndItsRegistry(string input)
    {
        var result = await PullDoctorProcess.RunAsync(["explain", Input(input), "-o", "json"]);

        var json = JsonDocument.Parse(result.Stdout.Split('\n')[0]).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("image").GetString(), Is.EqualTo("ghcr.io/acme/web:2.0"), result.ToString());
            Assert.That(json.GetProperty("cause").GetString(), Is.EqualTo("RepositoryNotFoundOrPrivate"));
            Assert.That(result.Stdout, Does.Contain("--docker-server=ghcr.io"));
            Assert.That(result.Stdout, Does.Not.Contain("index.docker.io").And.Not.Contain("erence:"));
        });
    }

    [Test]
    public async Task Explain_PodYaml_IsOneItemPerPodAndAdvisesTheOwner()
    {
        var result = await PullDoctorProcess.RunAsync(["explain", Input("pod-deployment.yaml"), "-o", "json"]);

        var objects = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(objects, Has.Count.EqualTo(2), result.ToString());
        var (web, report) = (objects[0], objects[1]);
        Assert.Multiple(() =>
        {
            Assert.That(web.GetProperty("pod").GetString(), Is.EqualTo("web-7c9d8f6b5-x2x9z"));
            Assert.That(web.GetProperty("image").GetString(), Is.EqualTo("ghcr.io/acme/web:2.0"));
            Assert.That(web.GetProperty("cause").GetString(), Is.EqualTo("RepositoryNotFoundOrPrivate"));
            Assert.That(web.GetProperty("owner").GetString(), Is.EqualTo("Deployment/web"));
            Assert.That(web.GetProperty("ownerGuessed").GetBoolean(), Is.True);
            Assert.That(Commands(web), Has.Some.Contains("deployment/web"));
            Assert.That(Commands(web), Has.None.Contains("pod/"));
            Assert.That(report.GetProperty("pod").GetString(), Is.EqualTo("nightly-report-29401440-8xk2p"));
            Assert.That(report.GetProperty("owner").GetString(), Is.EqualTo("CronJob/nightly-report"));
            Assert.That(result.ExitCode, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Explain_PodJsonWithABareReplicaSetOwner_IsNotAGuess()
    {
        // A ReplicaSet whose name has no hash suffix was made by hand: it is the owner itself.
        const string pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"cache-abcde","namespace":"shop","ownerReferences":[{"apiVersion":"apps/v1","controller":true,"kind":"ReplicaSet","name":"cache","uid":"1"}]},"spec":{"containers":[{"name":"cache","image":"redis:7.2.x"}]},"status":{"containerStatuses":[{"name":"cache","image":"redis:7.2.x","imageID":"","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ErrImagePull","message":"failed to pull and unpack image \"docker.io/library/redis:7.2.x\": failed to resolve reference \"docker.io/library/redis:7.2.x\": docker.io/library/redis:7.2.x: not found"}}}]}}""";

        var result = await PullDoctorProcess.RunAsync(["explain"], pod);

        Assert.Multiple(() =>
        {
            Assert.That(result.Stdout, Does.Contain("set image replicaset/cache cache=redis:<existing-tag>"), result.ToString());
            Assert.That(result.Stdout, Does.Not.Contain("guess"));
        });
    }

    private static List<string> Commands(JsonElement o) =>
        o.GetProperty("remediation").EnumerateArray().Where(s => s.TryGetProperty("command", out _)).Select(s => s.GetProperty("command").GetString()!).ToList();
}
