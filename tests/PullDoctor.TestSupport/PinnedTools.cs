namespace PullDoctor.TestSupport;

/// <summary>
/// Tools Debian does not carry at a usable version, fetched pinned and checksummed by <c>.ci/get-*.sh</c> into
/// the repository's <c>.tools/</c>. Missing: a failure in CI, an ignore naming the script elsewhere.
/// </summary>
public static class PinnedTools
{
    /// <summary>The repository's root (the directory holding PullDoctor.sln above the test's output).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>
    /// kubectl: <c>PULLDOCTOR_KUBECTL</c>, else the pinned v1.35 in <c>.tools/kubectl</c> (.ci/get-kubectl.sh), else
    /// one in /usr/local/bin or /usr/bin.
    /// </summary>
    public static string Kubectl()
    {
        var pinned = Path.Combine(RepositoryRoot, ".tools", "kubectl");
        string?[] candidates = [Environment.GetEnvironmentVariable("PULLDOCTOR_KUBECTL"), pinned, "/usr/local/bin/kubectl", "/usr/bin/kubectl"];
        var found = candidates.FirstOrDefault(c => c is { Length: > 0 } && File.Exists(c));
        if (found is null)
        {
            CiEnvironment.Missing($"kubectl ({pinned})", "run .ci/get-kubectl.sh (Debian's kubectl is too old; .ci/run fetches the pinned one) or set PULLDOCTOR_KUBECTL");
        }

        return found;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PullDoctor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PullDoctor.sln not found above " + AppContext.BaseDirectory);
    }
}
