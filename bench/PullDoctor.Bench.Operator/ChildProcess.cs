using System.Diagnostics;
using System.Globalization;

namespace PullDoctor.Bench.Operator;

/// <summary>
/// A .NET program run as its own process (the operator, or the baseline informer), so its CPU and memory are its
/// own: CPU from /proc/PID/stat (utime+stime), peak RSS from /proc/PID/status (VmHWM).
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly List<string> _lines = [];

    private ChildProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public int Id => _process.Id;

    public DateTimeOffset Started { get; private init; }

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> env, string logPath)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            info.Environment[k] = v;
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var started = DateTimeOffset.UtcNow;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var child = new ChildProcess(process, log) { Started = started };
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
            _log.WriteLine(line);
        }
    }

    public bool HasLine(Func<string, bool> predicate)
    {
        lock (_lines)
        {
            return _lines.Any(predicate);
        }
    }

    public string Tail(int count = 20)
    {
        lock (_lines)
        {
            return string.Join('\n', _lines.TakeLast(count));
        }
    }

    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime 15.
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / ClockTicksPerSecond;
    }

    public double PeakRssMiB() => StatusKiB("VmHWM:") / 1024.0;

    public double RssMiB() => StatusKiB("VmRSS:") / 1024.0;

    /// <summary>Anonymous resident memory: GC heaps, JIT'd code, native allocations, stacks.</summary>
    public double RssAnonMiB() => StatusKiB("RssAnon:") / 1024.0;

    /// <summary>File-backed resident memory: the runtime's and the app's mapped binaries.</summary>
    public double RssFileMiB() => StatusKiB("RssFile:") / 1024.0;

    /// <summary>Shared-memory resident pages: with W^X on (the .NET default), JIT'd code is mapped twice through a memfd.</summary>
    public double RssShmemMiB() => StatusKiB("RssShmem:") / 1024.0;

    private long StatusKiB(string key)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        lock (_lines)
        {
            _log.Dispose();
        }
    }
}
