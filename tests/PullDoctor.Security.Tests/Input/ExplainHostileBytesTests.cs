using System.Text;
using PullDoctor.Security.Tests.Support;
using PullDoctor.Tests.Support;

namespace PullDoctor.Security.Tests.Input;

/// <summary>Input that is not what explain reads at all: nesting that would exhaust the stack, binary data, NUL bytes.</summary>
public class ExplainHostileBytesTests
{
    [Test]
    public async Task ArraysNested100kDeep_AreRefusedWithOneLine()
    {
        var run = await PullDoctorProcess.RunRawAsync(["explain"], new PullDoctorProcess.Options { Stdin = new string('[', 100_000) + new string(']', 100_000) });

        CliAssert.UsageError(run, "nested deeper than 64 levels");
    }

    [Test]
    public async Task ObjectsNested100kDeep_AreRefusedWithOneLine()
    {
        var deep = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            deep.Append("{\"a\":");
        }

        deep.Append('1').Append('}', 100_000);
        var run = await PullDoctorProcess.RunRawAsync(["explain"], new PullDoctorProcess.Options { Stdin = deep.ToString() });

        CliAssert.UsageError(run, "nested deeper than 64 levels");
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task BinaryGarbage_IsNotText_ExitTwo(int seed)
    {
        var bytes = new byte[64 * 1024];
        new Random(seed).NextBytes(bytes);
        var path = Path.Combine(Path.GetTempPath(), $"garbage-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            var run = await PullDoctorProcess.RunRawAsync(["explain", path], new PullDoctorProcess.Options());

            CliAssert.UsageError(run, "is not UTF-8 text");
            CliAssert.NoTerminalControls(run.Stderr, "stderr");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task NulBytesInText_AreNotText_ExitTwo()
    {
        var run = await PullDoctorProcess.RunRawAsync(["explain"], new PullDoctorProcess.Options { Stdin = "Back-off pulling image \"nginx\"\n\0\0\0\n" });

        CliAssert.UsageError(run, "is not UTF-8 text: NUL byte at offset 31");
    }
}
