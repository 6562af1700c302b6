using System.Text;
using PullDoctor.Security.Tests.Support;
using PullDoctor.Tests.Support;

namespace PullDoctor.Security.Tests.Bounds;

/// <summary>
/// explain reads at most 16 MiB and lines of at most 64 KiB (issue 11 class 3): endless or huge input ends quickly
/// with one line saying so, within a 256 MiB heap. A 50 MB line used to take 1.07 GB; /dev/zero used to crash.
/// </summary>
public class ExplainInputCapTests
{
    private static readonly IReadOnlyDictionary<string, string> SmallHeap = Heap.LimitedTo(256);

    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("explain-cap-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task DevZero_AsTheFile_StopsAtTheCap()
    {
        var run = await PullDoctorProcess.RunRawAsync(["explain", "/dev/zero"], new PullDoctorProcess.Options { Environment = SmallHeap, Timeout = TimeSpan.FromSeconds(60) });

        CliAssert.UsageError(run, "explain: input is larger than 16 MiB; pass a smaller file");
    }

    [Test]
    public async Task DevZero_OnStdin_StopsAtTheCap()
    {
        var run = await PullDoctorProcess.RunRawAsync(["explain", "-"], new PullDoctorProcess.Options { StdinFile = "/dev/zero", Environment = SmallHeap, Timeout = TimeSpan.FromSeconds(60) });

        CliAssert.UsageError(run, "explain: input is larger than 16 MiB; pass a smaller file");
    }

    [Test]
    public async Task FiftyMegabyteLine_OnStdin_StopsAtTheCap()
    {
        var path = WriteFile("line.txt", 50_000_000, _ => (byte)'a');

        var run = await PullDoctorProcess.RunRawAsync(["explain"], new PullDoctorProcess.Options { StdinFile = path, Environment = SmallHeap, Timeout = TimeSpan.FromSeconds(60) });

        CliAssert.UsageError(run, "explain: input is larger than 16 MiB; pass a smaller file");
    }

    [Test]
    public async Task ManyShortLines_PastTheCap_StopAtTheCap()
    {
        var path = WriteFile("lines.txt", 20_000_000, i => i % 80 == 79 ? (byte)'\n' : (byte)'x');

        var run = await PullDoctorProcess.RunRawAsync(["explain", path], new PullDoctorProcess.Options { Environment = SmallHeap, Timeout = TimeSpan.FromSeconds(60) });

        CliAssert.UsageError(run, "explain: input is larger than 16 MiB; pass a smaller file");
    }

    [Test]
    public async Task OneLineLongerThan64KiB_IsRefused_WithItsNumber()
    {
        var text = "Back-off pulling image \"nginx\"\n" + new string('x', 1024 * 1024) + "\n";

        var run = await PullDoctorProcess.RunRawAsync(["explain"], new PullDoctorProcess.Options { Stdin = text, Environment = SmallHeap });

        CliAssert.UsageError(run, "explain: line 2 is longer than 64 KiB");
    }

    [Test]
    public async Task JsonStringLongerThan64KiB_IsRefused_WithItsPath()
    {
        var json = $$"""{"kind":"EventList","items":[{"kind":"Event","reason":"Failed","message":"{{new string('x', 1024 * 1024)}}"}]}""";

        var run = await PullDoctorProcess.RunRawAsync(["explain"], new PullDoctorProcess.Options { Stdin = json, Environment = SmallHeap });

        CliAssert.UsageError(run, "explain: items[0].message is longer than 64 KiB");
    }

    [Test]
    public async Task InputUnderTheCaps_IsStillExplained()
    {
        var text = "Failed to pull image \"nginx:1.25.x\": rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:1.25.x\": failed to resolve reference \"docker.io/library/nginx:1.25.x\": docker.io/library/nginx:1.25.x: not found "
            + new string('x', 60 * 1024) + "\n";

        var run = await PullDoctorProcess.RunRawAsync(["explain", "-o", "json"], new PullDoctorProcess.Options { Stdin = text, Environment = SmallHeap });

        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Decoded.Stdout, Does.Contain("\"cause\":\"ImageNotFound\""));
    }

    private string WriteFile(string name, int length, Func<int, byte> content)
    {
        var path = Path.Combine(_directory, name);
        var buffer = new byte[1 << 20];
        using var file = File.Create(path);
        for (var written = 0; written < length; written += buffer.Length)
        {
            var count = Math.Min(buffer.Length, length - written);
            for (var i = 0; i < count; i++)
            {
                buffer[i] = content(written + i);
            }

            file.Write(buffer, 0, count);
        }

        return path;
    }
}
