using System.Runtime.InteropServices;

namespace PullDoctor.Runtime.Tests.Sandbox;

/// <summary>kill(2) with SIGTERM, which .NET's Process does not offer (Kill is SIGKILL).</summary>
internal static partial class NativeSignals
{
    private const int SigTerm = 15;

    public static void Terminate(int pid) => _ = Kill(pid, SigTerm);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
