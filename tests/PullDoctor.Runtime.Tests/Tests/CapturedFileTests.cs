using PullDoctor.Runtime.Tests.Capture;

namespace PullDoctor.Runtime.Tests.Tests;

/// <summary>A new runtime wording shows up as a test diff, not as a silent misclassification.</summary>
[TestFixture]
public sealed class CapturedFileTests
{
    [Test]
    public async Task LiveCapture_MatchesTheVersionedFile()
    {
        var live = CaptureNormalizer.Normalize(await RuntimeCaptureSession.GetAsync());
        if (CapturedFile.UpdateRequested)
        {
            CapturedFile.Write(live);
            Assert.Pass($"{CapturedFile.UpdateVariable} is set: rewrote {CapturedFile.SourcePath}");
        }

        var recorded = CapturedFile.Read();
        Assert.That(recorded, Is.Not.Null, $"{CapturedFile.SourcePath} is missing; run the suite with {CapturedFile.UpdateVariable}=1 to create it");
        var diff = CapturedFile.Diff(CaptureNormalizer.Normalize(recorded!), live);
        Assert.That(
            diff,
            Is.Empty,
            $"The runtimes' wording differs from {CapturedFile.SourcePath} (- recorded, + live). If the change is real, " +
            $"rerun with {CapturedFile.UpdateVariable}=1, review the file diff and check the classifier tests:\n{diff}");
    }

    [Test]
    public void Normalizer_TakesOutPortsDigestsAndTimestamps()
    {
        var text = "Head \"https://tls.registry.test:41807/v2/team/app/manifests/sha256:" + new string('a', 64) +
            "\": dial tcp 127.0.0.1:41807: x509: current time 2026-11-25T03:00:38Z is after 2026-11-24T03:00:37Z, lookup x on 127.0.0.1:53";

        Assert.That(
            CaptureNormalizer.Text(text),
            Is.EqualTo("Head \"https://tls.registry.test:PORT/v2/team/app/manifests/sha256:DIGEST\": dial tcp 127.0.0.1:PORT: x509: current time TIMESTAMP is after TIMESTAMP, lookup x on 127.0.0.1:53"));
    }
}
