using System.Runtime.InteropServices;

namespace PullDoctor.RegistryFixtures;

/// <summary>kill(2), for the exit path where spawning /bin/kill or walking /proc takes too long.</summary>
internal static partial class NativeSignals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    public static void Send(int pid, int signal)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = Kill(pid, signal);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Kill(int pid, int signal);
}
