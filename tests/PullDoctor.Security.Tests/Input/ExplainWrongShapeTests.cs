using PullDoctor.Security.Tests.Support;
using PullDoctor.Tests.Support;

namespace PullDoctor.Security.Tests.Input;

/// <summary>
/// JSON that parses but has the wrong shape (issue 11 class 7, issue 17): each ends with one line naming the
/// offending value and exit 2, where it used to end with an InvalidOperationException's stack trace.
/// </summary>
public class ExplainWrongShapeTests
{
    [TestCase("""{"items":[1]}""", "items[0] is a number, expected an Event or Pod object")]
    [TestCase("""[1,2]""", "[0] is a number, expected an Event or Pod object")]
    [TestCase("""[[]]""", "[0] is an array, expected an Event or Pod object")]
    [TestCase("""{"kind":"PodList","items":{"a":1}}""", "items is an object, expected an array")]
    [TestCase("""{"kind":"Pod","spec":1}""", "spec is a number, expected an object")]
    [TestCase("""{"kind":"Pod","status":"x"}""", "status is a string, expected an object")]
    [TestCase("""{"kind":"Pod","status":{"containerStatuses":[7]}}""", "status.containerStatuses[0] is a number, expected an object")]
    [TestCase("""{"kind":"Pod","status":{"containerStatuses":[{"name":"a","state":{"waiting":"ErrImagePull"}}]}}""", "status.containerStatuses[0].state.waiting is a string, expected an object")]
    [TestCase("""{"kind":"Pod","spec":{"containers":[{"name":"a","image":5}]}}""", "spec.containers[0].image is a number, expected a string")]
    [TestCase("""{"items":[{"kind":"Event","involvedObject":[],"message":"x"}]}""", "items[0].involvedObject is an array, expected an object")]
    [TestCase("""{"items":[{"kind":"Event","message":{"a":1}}]}""", "items[0].message is an object, expected a string")]
    [TestCase("""{"kind":true}""", "kind is a boolean, expected a string")]
    public async Task WrongTypedJson_IsOneLineAndExitTwo(string json, string expected)
    {
        var run = await PullDoctorProcess.RunRawAsync(["explain"], new PullDoctorProcess.Options { Stdin = json });

        CliAssert.UsageError(run, "explain: " + expected);
    }

    [Test]
    public async Task WrongTypedJson_InAFile_IsOneLineAndExitTwo_InJsonOutputToo()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wrong-shape-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{"kind":"List","items":[{"kind":"Pod","metadata":{"name":"web"}},{"kind":"Pod","spec":1}]}""");
        try
        {
            var run = await PullDoctorProcess.RunRawAsync(["explain", path, "-o", "json"], new PullDoctorProcess.Options());

            CliAssert.UsageError(run, "explain: items[1].spec is a number, expected an object");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task NullsWhereKubectlWritesThem_AreNotWrongTypes()
    {
        // core/v1 Events carry "eventTime": null and pods "message": null-like gaps; null means absent.
        const string events = """
            {"kind":"EventList","items":[{"kind":"Event","eventTime":null,"involvedObject":{"kind":"Pod","namespace":"shop","name":"web","fieldPath":"spec.containers{app}"},
             "reason":"Failed","message":"Failed to pull image \"nginx:1.25.x\": rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:1.25.x\": failed to resolve reference \"docker.io/library/nginx:1.25.x\": docker.io/library/nginx:1.25.x: not found","related":null}]}
            """;

        var run = await PullDoctorProcess.RunRawAsync(["explain", "-o", "json"], new PullDoctorProcess.Options { Stdin = events });

        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Decoded.Stdout, Does.Contain("\"cause\":\"ImageNotFound\""));
    }
}
