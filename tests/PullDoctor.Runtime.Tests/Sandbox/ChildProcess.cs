using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PullDoctor.Runtime.Tests.Sandbox;

/// <summary>
/// A long-running child (containerd) with its output tail kept for failure messages, stopped by PID
/// (SIGTERM, then SIGKILL), and watched by a tiny shell loop that kills it if this process dies first.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int MaxLines = 300;
    private readonly Process _process;
    private readonly Process _watchdog;
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    private ChildProcess(Process process, Process watchdog)
    {
        _process = process;
        _watchdog = watchdog;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

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

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        process.Start();
        var watchdog = StartWatchdog(Environment.ProcessId, process.Id);
        var child = new ChildProcess(process, watchdog);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    private static Process StartWatchdog(int parent, int child)
    {
        var script = string.Create(
            CultureInfo.InvariantCulture,
            $"while kill -0 {parent} 2>/dev/null && kill -0 {child} 2>/dev/null; do sleep 1; done; kill -9 {child} 2>/dev/null");
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the watchdog shell");
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
            while (_lines.Count > MaxLines)
            {
                _lines.Dequeue();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            NativeSignals.Terminate(_process.Id);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        _process.Dispose();
        if (!_watchdog.HasExited)
        {
            _watchdog.Kill();
        }

        _watchdog.Dispose();
    }
}
