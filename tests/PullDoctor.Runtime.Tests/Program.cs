using PullDoctor.Runtime.Tests.Capture;

namespace PullDoctor.Runtime.Tests;

/// <summary>
/// The test assembly is also the scenario runner: the tests start
/// <c>unshare --net --mount --fork --kill-child -- dotnet PullDoctor.Runtime.Tests.dll capture --out FILE</c>
/// (see <see cref="RuntimeCaptureSession"/>). The test host never calls this entry point.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["capture", "--out", var output])
        {
            return await ScenarioRunner.RunAsync(output).ConfigureAwait(false);
        }

        await Console.Error.WriteLineAsync("usage: PullDoctor.Runtime.Tests.dll capture --out FILE (run by the tests under unshare)").ConfigureAwait(false);
        return 2;
    }
}
