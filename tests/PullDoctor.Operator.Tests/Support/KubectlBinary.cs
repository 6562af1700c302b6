using PullDoctor.RegistryFixtures;

namespace PullDoctor.Operator.Tests.Support;

/// <summary>
/// The kubectl the tests run: <c>PULLDOCTOR_KUBECTL</c>, else the pinned one <c>.ci/run</c> fetches into
/// <c>.tools/kubectl</c>, else one on the machine. Missing: a failure in CI, an ignore with the way to get it elsewhere.
/// </summary>
internal static class KubectlBinary
{
    public static string Require()
    {
        string?[] candidates = [Environment.GetEnvironmentVariable("PULLDOCTOR_KUBECTL"), RepositoryPaths.Of(".tools/kubectl"), "/usr/local/bin/kubectl", "/usr/bin/kubectl"];
        var found = candidates.FirstOrDefault(c => c is { Length: > 0 } && File.Exists(c));
        return found ?? ExternalBinary.Require(RepositoryPaths.Of(".tools/kubectl"), "kubectl (not in Debian at a usable version; .ci/run fetches a pinned one)");
    }
}
