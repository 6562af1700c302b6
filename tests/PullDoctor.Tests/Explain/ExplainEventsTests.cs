using System.Text.Json;
using PullDoctor.Tests.Support;
using static PullDoctor.Tests.Explain.KubeEvents;

namespace PullDoctor.Tests.Explain;

/// <summary>`pulldoctor explain` on `kubectl get events -o json`: whose Events count, recovery, and ties (issue 12).</summary>
public class ExplainEventsTests
{
    private const string Pod = "web-7c9d-x2x";
    private const string NotFound = "Failed to pull image \"nginx:1.25.x\": rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:1.25.x\": failed to resolve reference \"docker.io/library/nginx:1.25.x\": docker.io/library/nginx:1.25.x: not found";
    private const string PullDoctorNote = "nginx:1.25.x: tag \"1.25.x\" does not exist in docker.io/library/nginx (registry answered MANIFEST_UNKNOWN). Did you mean 1.25.3? Fix: set the image of deployment/web (container web): kubectl -n shop set image deployment/web web=nginx:1.25.3";

    [Test]
    public async Task Explain_PullDoctorsOwnEvent_IsNotEvidence()
    {
        // Only "Back-off pulling image" is left of the kubelet's words (the Failed Event has expired); PullDoctor's own
        // Event would otherwise be read back as the cause (its note says MANIFEST_UNKNOWN).
        var input = List(
            Kubelet(Pod, "web", "Normal", "BackOff", "Back-off pulling image \"nginx:1.25.x\"", last: 120, count: 6),
            Kubelet(Pod, "web", "Warning", "Failed", "Error: ImagePullBackOff", last: 120, count: 6),
            OwnEvent(Pod, "ImageNotFound", PullDoctorNote, at: 125));

        var result = await PullDoctorProcess.RunAsync(["explain", "-o", "json"], input);

        var objects = JsonLines(result.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(result.Stdout, Does.Not.Contain("MANIFEST_UNKNOWN"), result.ToString());
            Assert.That(objects.Select(o => o.GetProperty("cause").GetString()), Is.EqualTo(new[] { "Unknown" }));
            Assert.That(result.ExitCode, Is.EqualTo(2), "nothing but PullDoctor's own Event names a cause: not understood");
        });
    }

    [Test]
    public async Task Explain_PullDoctorsOwnEvent_DoesNotDisplaceTheKubeletsError()
    {
        var input = List(
            Kubelet(Pod, "web", "Warning", "Failed", NotFound, last: 91, count: 4, first: 3),
            Kubelet(Pod, "web", "Warning", "Failed", "Error: ErrImagePull", last: 91, count: 4, first: 3),
            OwnEvent(Pod, "ImageNotFound", PullDoctorNote, at: 95));

        var result = await PullDoctorProcess.RunAsync(["explain", "-o", "json"], input);

        var only = JsonLines(result.Stdout).Single();
        Assert.Multiple(() =>
        {
            Assert.That(only.GetProperty("message").GetString(), Is.EqualTo(NotFound));
            Assert.That(only.GetProperty("cause").GetString(), Is.EqualTo("ImageNotFound"));
            Assert.That(result.ExitCode, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Explain_PulledAfterFailures_IsRecoveredExitZero()
    {
        // The kubelet's sequence once the registry has the tag again: Pulling, Pulled, Created, Started.
        var input = List(
            Kubelet(Pod, "web", "Normal", "Pulling", "Pulling image \"nginx:1.25.x\"", last: 200, count: 5, first: 2),
            Kubelet(Pod, "web", "Warning", "Failed", NotFound, last: 91, count: 4, first: 3),
            Kubelet(Pod, "web", "Warning", "Failed", "Error: ErrImagePull", last: 91, count: 4, first: 3),
            Kubelet(Pod, "web", "Normal", "BackOff", "Back-off pulling image \"nginx:1.25.x\"", last: 150, count: 6),
            Kubelet(Pod, "web", "Warning", "Failed", "Error: ImagePullBackOff", last: 150, count: 6),
            Kubelet(Pod, "web", "Normal", "Pulled", "Successfully pulled image \"nginx:1.25.x\" in 1.214s (1.214s including waiting). Image size: 72938479 bytes.", last: 201),
            Kubelet(Pod, "web", "Normal", "Created", "Created container: web", last: 201),
            Kubelet(Pod, "web", "Normal", "Started", "Started container web", last: 202));

        var text = await PullDoctorProcess.RunAsync(["explain"], input);
        var json = await PullDoctorProcess.RunAsync(["explain", "-o", "json"], input);

        var only = JsonLines(json.Stdout).Single();
        Assert.Multiple(() =>
        {
            Assert.That(text.ExitCode, Is.EqualTo(0), text.ToString());
            Assert.That(text.Stderr, Is.Empty);
            Assert.That(text.Stdout, Does.StartWith("OK (pod shop/web-7c9d-x2x, container web) nginx:1.25.x: the pull recovered"));
            Assert.That(text.Stdout, Does.Not.Contain("Unknown"));
            Assert.That(only.GetProperty("cause").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(only.GetProperty("recovered").GetBoolean(), Is.True);
        });
    }

    [Test]
    public async Task Explain_StartedEventsAlone_AreNotUnknownItems()
    {
        // A healthy pod's Events: nothing failed, so nothing is Unknown and nothing is wrong.
        var input = List(
            Kubelet(Pod, "web", "Normal", "Pulled", "Container image \"nginx:1.25.3\" already present on machine", last: 10),
            Kubelet(Pod, "web", "Normal", "Created", "Created container: web", last: 10),
            Kubelet(Pod, "web", "Normal", "Started", "Started container web", last: 11));

        var result = await PullDoctorProcess.RunAsync(["explain"], input);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout, Does.Not.Contain("Unknown"));
            Assert.That(result.Stdout, Does.Contain("OK (pod shop/web-7c9d-x2x, container web) nginx:1.25.3: pulled: the newest Event is Started"));
        });
    }

    [Test]
    public async Task Explain_FailureAfterPulled_IsStillAProblem()
    {
        // The pod was re-created with a new tag: the old Pulled is older than the new failure.
        var input = List(
            Kubelet(Pod, "web", "Normal", "Pulled", "Successfully pulled image \"nginx:1.25.x\" in 1.2s (1.2s including waiting). Image size: 72938479 bytes.", last: 10),
            Kubelet(Pod, "web", "Warning", "Failed", NotFound, last: 91, count: 4, first: 30),
            Kubelet(Pod, "web", "Warning", "Failed", "Error: ErrImagePull", last: 91, count: 4, first: 30));

        var result = await PullDoctorProcess.RunAsync(["explain", "-o", "json"], input);

        Assert.Multiple(() =>
        {
            Assert.That(JsonLines(result.Stdout).Single().GetProperty("cause").GetString(), Is.EqualTo("ImageNotFound"));
            Assert.That(result.ExitCode, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Explain_TimestampTie_ShowsTheRuntimesErrorNotTheBareVerdict()
    {
        // An error no rule knows, posted in the same second as "Error: ErrImagePull" and listed after it: the runtime's
        // words are what a person needs to see.
        const string runtimeError = "Failed to pull image \"registry.corp.example/app:2.0\": rpc error: code = Unknown desc = failed to pull and unpack image \"registry.corp.example/app:2.0\": something the classifier has never seen: quux";
        var input = List(
            Kubelet(Pod, "web", "Warning", "Failed", "Error: ErrImagePull", last: 91, count: 4, first: 3),
            Kubelet(Pod, "web", "Warning", "Failed", runtimeError, last: 91, count: 4, first: 3));

        var result = await PullDoctorProcess.RunAsync(["explain", "-o", "json"], input);

        Assert.That(JsonLines(result.Stdout).Single().GetProperty("message").GetString(), Is.EqualTo(runtimeError), result.ToString());
    }

    private static List<JsonElement> JsonLines(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
}
