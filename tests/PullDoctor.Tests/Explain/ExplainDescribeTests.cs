using System.Text.Json;
using PullDoctor.Tests.Support;

namespace PullDoctor.Tests.Explain;

/// <summary>`pulldoctor explain` on `kubectl describe pods` output: one report per pod, PullDoctor's own Events skipped, recovery (issue 12).</summary>
public class ExplainDescribeTests
{
    private static string Input(string name) => Path.Combine(AppContext.BaseDirectory, "Explain", "Inputs", name);

    [Test]
    public async Task Explain_DescribeOfSeveralPods_ReportsEachPod()
    {
        var result = await PullDoctorProcess.RunAsync(["explain", Input("describe-pods.txt"), "-o", "json"]);

        var objects = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(objects.Select(o => o.GetProperty("pod").GetString()), Is.EqualTo(new[] { "web-7c9d8f6b5-x2x9z", "api-5f4c6d7b8-qq1lm" }), result.ToString());
            Assert.That(objects[0].GetProperty("cause").GetString(), Is.EqualTo("ImageNotFound"));
            Assert.That(objects[0].GetProperty("image").GetString(), Is.EqualTo("nginx:1.25.x"));
            // The api pod pulled after three failures (Pulled, Created, Started are the newest): fine, not Unknown.
            Assert.That(objects[1].GetProperty("cause").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(objects[1].GetProperty("recovered").GetBoolean(), Is.True);
            Assert.That(result.ExitCode, Is.EqualTo(3), "one pod still has a diagnosed problem");
        });
    }

    [Test]
    public async Task Explain_Describe_SkipsPullDoctorsEventsAndPrefersTheRuntimesErrorOnATie()
    {
        var result = await PullDoctorProcess.RunAsync(["explain", Input("describe-pods.txt"), "-o", "json"]);

        var web = JsonDocument.Parse(result.Stdout.Split('\n')[0]).RootElement;
        Assert.Multiple(() =>
        {
            // "Error: ErrImagePull" is printed before the runtime's error with the same age; PullDoctor's own Event is
            // newer than both and would otherwise be the message.
            Assert.That(web.GetProperty("message").GetString(), Does.StartWith("Failed to pull image \"nginx:1.25.x\": rpc error: code = NotFound"));
            Assert.That(result.Stdout, Does.Not.Contain("pulldoctor.dev"));
        });
    }

    [Test]
    public async Task Explain_DescribeOfOwnedPod_AdvisesTheDeploymentAndSaysItIsAGuess()
    {
        var result = await PullDoctorProcess.RunAsync(["explain", Input("describe-pods.txt")]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Stdout, Does.Contain("kubectl -n shop set image deployment/web web=nginx:<existing-tag>"), result.ToString());
            Assert.That(result.Stdout, Does.Not.Contain("set image pod/"));
            Assert.That(result.Stdout, Does.Contain("Owner: Deployment web is a guess from the name of ReplicaSet web-7c9d8f6b5"));
            Assert.That(result.Stdout, Does.Contain("OK (pod shop/api-5f4c6d7b8-qq1lm, container api) ghcr.io/acme/api:2.1: the pull recovered"));
        });
    }

    [Test]
    public async Task Explain_DescribeOfRecoveredPodAlone_ExitsZero()
    {
        var text = await File.ReadAllTextAsync(Input("describe-pods.txt"));
        var api = text[text.IndexOf("Name:             api-", StringComparison.Ordinal)..];

        var result = await PullDoctorProcess.RunAsync(["explain"], api);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stderr, Is.Empty);
            Assert.That(result.Stdout, Does.Contain("the pull recovered"));
        });
    }
}
