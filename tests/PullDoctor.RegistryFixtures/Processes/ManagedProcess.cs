using System.Diagnostics;
using System.Text;

namespace PullDoctor.RegistryFixtures;

/// <summary>
/// A long-running child process (registry, nginx) whose output is kept (the last lines) for failure
/// messages, and which is killed by PID on dispose or when the test host exits.
/// </summary>
internal sealed class ManagedProcess : IAsyncDisposable
{
    private const int MaxKeptLines = 400;
    private readonly Process _process;
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    private readonly bool _terminateFirst;
    private Process? _watchdog;

    private ManagedProcess(Process process, bool terminateFirst)
    {
        _process = process;
        _terminateFirst = terminateFirst;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>The last lines the process wrote to stdout and stderr, interleaved.</summary>
    public string OutputTail
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <param name="terminateFirst">On dispose, send SIGTERM and give the process a moment before SIGKILL.
    /// For process trees like nginx: a master that exits normally reaps its workers, whereas killed workers
    /// become zombies when PID 1 of the container does not reap orphans.</param>
    public static ManagedProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, bool terminateFirst = false)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Configuration comes from the files we write, never from the developer's environment
        // (distribution reads REGISTRY_* variables as overrides).
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("REGISTRY_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var managed = new ManagedProcess(process, terminateFirst);
        process.OutputDataReceived += (_, e) => managed.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => managed.Keep(e.Data);
        process.Start();
        ProcessReaper.Track(process, terminateFirst);
        managed._watchdog = ProcessWatchdog.Start(process.Id);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(line);
            while (_lines.Count > MaxKeptLines)
            {
                _lines.Dequeue();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_terminateFirst && !_process.HasExited)
        {
            await TerminateAsync().ConfigureAwait(false);
        }

        ProcessReaper.KillQuietly(_process);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Killed with SIGKILL; if it still has not been reaped there is nothing more we can do.
        }
        catch (InvalidOperationException)
        {
        }

        ProcessReaper.Untrack(_process);
        _process.Dispose();
        if (_watchdog is not null)
        {
            ProcessReaper.KillQuietly(_watchdog);
            ProcessReaper.Untrack(_watchdog);
            _watchdog.Dispose();
        }
    }

    private async Task TerminateAsync()
    {
        try
        {
            var result = await CommandRunner.RunAsync("/bin/kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            if (result.Succeeded)
            {
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Falls through to SIGKILL.
        }
    }
}
