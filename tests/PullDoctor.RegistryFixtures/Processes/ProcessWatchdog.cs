using System.Diagnostics;
using System.Globalization;

namespace PullDoctor.RegistryFixtures;

/// <summary>
/// A tiny shell loop per server process that kills the server (and its children, e.g. nginx workers) when
/// the test host dies without running its exit handlers (SIGKILL, crash, a killed test run). It ends by
/// itself when the server ends, and is killed when the fixture is disposed.
/// </summary>
internal static class ProcessWatchdog
{
    // $1 = test host PID, $2 = server PID. Children are read from /proc (no procps needed) before the
    // server is killed, and killed after it: an nginx master that outlives its worker by a moment spawns
    // a new one.
    private const string Script =
        "while kill -0 \"$1\" 2>/dev/null && kill -0 \"$2\" 2>/dev/null; do sleep 1; done; " +
        "if ! kill -0 \"$1\" 2>/dev/null; then " +
        "c=$(cat /proc/\"$2\"/task/*/children 2>/dev/null); kill -KILL \"$2\" 2>/dev/null; " +
        "[ -n \"$c\" ] && kill -KILL $c 2>/dev/null; fi";

    public static Process? Start(int serverPid)
    {
        if (!File.Exists("/bin/sh") || !OperatingSystem.IsLinux())
        {
            return null;
        }

        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add("pulldoctor-fixture-watchdog");
        info.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(serverPid.ToString(CultureInfo.InvariantCulture));
        var process = Process.Start(info);
        if (process is not null)
        {
            ProcessReaper.Track(process, terminateFirst: false);
        }

        return process;
    }
}
