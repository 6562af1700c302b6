using System.Collections.Concurrent;
using System.Diagnostics;

namespace PullDoctor.RegistryFixtures;

/// <summary>
/// Last line of defence: whatever a test forgot to dispose (or could not, because it failed) is killed and
/// deleted when the test host exits, so no registry or nginx outlives the run.
/// </summary>
internal static class ProcessReaper
{
    private static readonly ConcurrentDictionary<int, (Process Process, bool TerminateFirst)> Processes = new();
    private static readonly ConcurrentDictionary<string, byte> Directories = new(StringComparer.Ordinal);

    static ProcessReaper()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ReapAll();
    }

    public static void Track(Process process, bool terminateFirst = false) => Processes[process.Id] = (process, terminateFirst);

    public static void Untrack(Process process) => Processes.TryRemove(process.Id, out _);

    public static void TrackDirectory(string path) => Directories[path] = 0;

    public static void UntrackDirectory(string path) => Directories.TryRemove(path, out _);

    // Runs while the host is shutting down, with little time: one signal per process, no /proc walks.
    // nginx gets SIGTERM so its master takes the workers down; the rest SIGKILL. The watchdogs cover the
    // cases where this never runs.
    private static void ReapAll()
    {
        foreach (var (pid, (_, terminateFirst)) in Processes)
        {
            NativeSignals.Send(pid, terminateFirst ? NativeSignals.SigTerm : NativeSignals.SigKill);
        }

        foreach (var directory in Directories.Keys)
        {
            DeleteQuietly(directory);
        }
    }

    public static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Already gone or not ours any more.
        }
    }

    public static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is not worth failing a run for.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
