using System.Globalization;

namespace PullDoctor.RegistryFixtures;

/// <summary>
/// A private temporary directory, deleted on dispose and, failing that, when the process exits. All of
/// them live under one root per test process (<c>$TMPDIR/pulldoctor-fixtures-PID</c>); roots of processes
/// that no longer exist (a killed test run) are swept away the next time fixtures are used.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    private const string RootPrefix = "pulldoctor-fixtures-";
    private static readonly Lazy<string> ProcessRoot = new(CreateProcessRoot, LazyThreadSafetyMode.ExecutionAndPublication);

    private TempDirectory(string path)
    {
        Path = path;
        ProcessReaper.TrackDirectory(path);
    }

    public string Path { get; }

    public static TempDirectory Create(string prefix)
    {
        var path = System.IO.Path.Combine(ProcessRoot.Value, $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}");
        Directory.CreateDirectory(path);
        return new TempDirectory(path);
    }

    /// <summary>Creates (if needed) and returns a sub-directory.</summary>
    public string Sub(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    /// <summary>The full path of a file inside the directory (not created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        ProcessReaper.DeleteQuietly(Path);
        ProcessReaper.UntrackDirectory(Path);
    }

    private static string CreateProcessRoot()
    {
        var temp = System.IO.Path.GetTempPath();
        SweepStaleRoots(temp);
        var root = System.IO.Path.Combine(temp, RootPrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(root);
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        ProcessReaper.TrackDirectory(root);
        return root;
    }

    private static void SweepStaleRoots(string temp)
    {
        if (!Directory.Exists("/proc"))
        {
            return;
        }

        foreach (var candidate in Directory.EnumerateDirectories(temp, RootPrefix + "*"))
        {
            var pidText = System.IO.Path.GetFileName(candidate)[RootPrefix.Length..];
            if (int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !Directory.Exists($"/proc/{pid}"))
            {
                ProcessReaper.DeleteQuietly(candidate);
            }
        }
    }
}
