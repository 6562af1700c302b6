namespace PullDoctor.RegistryFixtures;

/// <summary>A private temporary directory, deleted on dispose and, failing that, when the process exits.</summary>
public sealed class TempDirectory : IDisposable
{
    private TempDirectory(string path)
    {
        Path = path;
        ProcessReaper.TrackDirectory(path);
    }

    public string Path { get; }

    public static TempDirectory Create(string prefix) =>
        new(Directory.CreateTempSubdirectory($"pulldoctor-{prefix}-").FullName);

    /// <summary>Creates (if needed) and returns a sub-directory.</summary>
    public string Sub(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    /// <summary>The full path of a file inside the directory (not created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        ProcessReaper.DeleteQuietly(Path);
        ProcessReaper.UntrackDirectory(Path);
    }
}
