using PullDoctor.Runtime.Tests.Capture;
using PullDoctor.Runtime.Tests.Sandbox;

namespace PullDoctor.Runtime.Tests.Tests;

/// <summary>The small parsers the capture relies on, without any runtime.</summary>
[TestFixture]
public sealed class ParsingTests
{
    [Test]
    public void SkopeoErrorText_TakesTheFatalLogMessageAndUnquotesIt()
    {
        const string stderr = "time=\"2026-11-25T02:45:38Z\" level=fatal msg=\"initializing source docker://r.test:1/a:b: Get \\\"https://r.test:1/v2/\\\": errors:\\ndenied: x\\n\"\n";

        Assert.That(
            SkopeoPuller.ErrorText(stderr),
            Is.EqualTo("initializing source docker://r.test:1/a:b: Get \"https://r.test:1/v2/\": errors:\ndenied: x\n"));
    }

    [Test]
    public void PodmanErrorText_TakesTheLastErrorLineToTheEnd()
    {
        const string stderr = "Trying to pull r.test/a:b...\ntime=\"x\" level=warning msg=\"Failed, retrying ... Error: first\"\nError: initializing source docker://r.test/a:b: errors:\ndenied: x\n\n";

        Assert.That(PodmanPuller.ErrorText(stderr), Is.EqualTo("initializing source docker://r.test/a:b: errors:\ndenied: x\n"));
    }

    [Test]
    public void NxDomainAnswer_EchoesIdAndQuestion_WithNameErrorAndNoRecords()
    {
        // Query id 0x1234, RD, one question: a.invalid A IN, plus one (EDNS) additional record count.
        byte[] query = [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 1, (byte)'a', 7, .. "invalid"u8, 0, 0x00, 0x01, 0x00, 0x01];

        var answer = NxDomainDnsServer.Answer(query)!;

        Assert.That(answer[..2], Is.EqualTo(new byte[] { 0x12, 0x34 }));
        Assert.That(answer[2], Is.EqualTo(0x81), "QR and RD");
        Assert.That(answer[3] & 0x0F, Is.EqualTo(3), "RCODE NXDOMAIN");
        Assert.That(answer[4..12], Is.EqualTo(new byte[] { 0, 1, 0, 0, 0, 0, 0, 0 }), "one question, no records");
        Assert.That(answer[12..], Is.EqualTo(query[12..]));
    }
}
