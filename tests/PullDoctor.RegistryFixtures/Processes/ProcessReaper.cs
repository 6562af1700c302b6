using System.Collections.Concurrent;
using System.Diagnostics;

namespace PullDoctor.RegistryFixtures;

/// <summary>
/// Last line of defence: whatever a test forgot to dispose (or could not, because it failed) is killed and
/// deleted when the test host exits, so no registry or nginx outlives the run.
/// </summary>
internal static class ProcessReaper
{
    private static readonly ConcurrentDictionary<int, Process> Processes = new();
    private static readonly ConcurrentDictionary<string, byte> Directories = new(StringComparer.Ordinal);

    static ProcessReaper()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ReapAll();
    }

    public static void Track(Process process) => Processes[process.Id] = process;

    public static void Untrack(Process process) => Processes.TryRemove(process.Id, out _);

    public static void TrackDirectory(string path) => Directories[path] = 0;

    public static void UntrackDirectory(string path) => Directories.TryRemove(path, out _);

    private static void ReapAll()
    {
        foreach (var process in Processes.Values)
        {
            KillQuietly(process);
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
