using PullDoctor.Tests.Support;

namespace PullDoctor.Tests.Explain;

/// <summary>explain's exit codes (SPEC §6, issue 17): 3 diagnosed, 0 only when nothing is wrong, 2 when nothing was understood.</summary>
public class ExplainExitCodeTests
{
    private const string NotFound = "Failed to pull image \"nginx:1.25.x\": rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:1.25.x\": failed to resolve reference \"docker.io/library/nginx:1.25.x\": docker.io/library/nginx:1.25.x: not found";

    [Test]
    public async Task Explain_OnlyLinesItDoesNotUnderstand_ExitsTwoAndSaysSo()
    {
        var result = await PullDoctorProcess.RunAsync(["explain"], "hello\nBack-off pulling image \"nginx:1.25.x\"\n");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Stderr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1));
            Assert.That(result.Stderr, Does.StartWith("pulldoctor: explain: not understood: 2 messages of 2 name no image pull failure PullDoctor knows, e.g. \"hello\""));
            Assert.That(result.Stdout, Does.StartWith("Unknown"), "the lines are still explained on stdout");
        });
    }

    [Test]
    public async Task Explain_ADiagnosedLineAmongUnknownOnes_ExitsThree()
    {
        var result = await PullDoctorProcess.RunAsync(["explain"], "hello\n" + NotFound + "\n");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
            Assert.That(result.Stderr, Is.Empty);
        });
    }

    [Test]
    public async Task Explain_HealthyPod_ExitsZero()
    {
        const string pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"shop"},"spec":{"containers":[{"name":"web","image":"nginx:1.25.3"}]},"status":{"phase":"Running","containerStatuses":[{"name":"web","image":"docker.io/library/nginx:1.25.3","imageID":"docker.io/library/nginx@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac","ready":true,"restartCount":0,"started":true,"state":{"running":{"startedAt":"2025-11-24T10:00:05Z"}}}]}}""";

        var result = await PullDoctorProcess.RunAsync(["explain"], pod);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stderr, Is.Empty);
            Assert.That(result.Stdout, Does.StartWith("OK (pod shop/web-1): no container of the pod is waiting on an image pull"));
        });
    }
}
