using NUnit.Framework;

namespace PullDoctor.TestSupport;

/// <summary>
/// The one definition of "in CI" for every test project, and what a test does when a component it needs is
/// missing: in CI it fails (CI must never go green by skipping), elsewhere it is ignored with a message naming
/// the component and how to get it.
/// </summary>
/// <remarks>
/// The <c>CI</c> environment variable decides. Unset, empty, <c>false</c>, <c>0</c> and <c>no</c> (any case,
/// surrounding blanks ignored) mean "not in CI"; any other value means "in CI". CI systems set <c>CI=true</c>
/// (GitHub Actions, GitLab, .ci/run) or <c>CI=1</c>; an unexpected value errs on the strict side, so a typo can
/// turn a skip into a failure but never a failure into a skip.
/// </remarks>
public static class CiEnvironment
{
    /// <summary>The environment variable read.</summary>
    public const string Variable = "CI";

    private static readonly string[] NotCi = ["false", "0", "no"];

    /// <summary>True when this process runs in CI, read from the environment now.</summary>
    public static bool IsCi => Means(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Whether a value of the <c>CI</c> variable means "in CI" (the truth table in the remarks).</summary>
    public static bool Means(string? value)
    {
        var trimmed = value?.Trim();
        return !string.IsNullOrEmpty(trimmed) && !NotCi.Contains(trimmed, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Ends the current test because <paramref name="component"/> is missing: a failure in CI, an ignore elsewhere.
    /// Never returns.
    /// </summary>
    /// <param name="component">What is missing, e.g. <c>/usr/bin/skopeo</c> or <c>helm at .tools/helm</c>.</param>
    /// <param name="howToGet">How to get it, e.g. <c>install the Debian package 'skopeo'</c> or <c>run .ci/get-helm.sh</c>.</param>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Missing(string component, string howToGet) => Missing(component, howToGet, IsCi);

    /// <inheritdoc cref="Missing(string, string)"/>
    /// <param name="component">What is missing.</param>
    /// <param name="howToGet">How to get it.</param>
    /// <param name="isCi">Whether to behave as in CI (tests pass it; everything else uses <see cref="IsCi"/>).</param>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Missing(string component, string howToGet, bool isCi)
    {
        ArgumentException.ThrowIfNullOrEmpty(component);
        ArgumentException.ThrowIfNullOrEmpty(howToGet);
        var message = $"{component} is missing: {howToGet}.";
        if (isCi)
        {
            Assert.Fail($"{message} In CI a missing component is a failure, not a skip.");
        }

        Assert.Ignore($"{message} Ignored because {Variable} is not set (in CI this is a failure).");
        throw new InvalidOperationException("unreachable: Assert.Ignore throws");
    }
}
