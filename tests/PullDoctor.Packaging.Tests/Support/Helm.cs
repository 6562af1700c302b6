using PullDoctor.TestSupport;

namespace PullDoctor.Packaging.Tests.Support;

/// <summary>
/// The pinned Helm binary (.ci/get-helm.sh): <c>PULLDOCTOR_HELM</c>, else <c>.tools/helm</c> in the repository.
/// Everything runs offline: <c>helm lint</c> and <c>helm template</c> need no cluster.
/// </summary>
internal static class Helm
{
    /// <summary>The release name and namespace deploy/ is rendered with (.ci/render-deploy.sh uses the same).</summary>
    public const string ReleaseName = "pulldoctor";

    public const string ReleaseNamespace = "pulldoctor";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The helm binary; a missing one fails the test in CI and ignores it elsewhere (<see cref="CiEnvironment"/>).</summary>
    public static string Path => Locate(Environment.GetEnvironmentVariable("PULLDOCTOR_HELM"), CiEnvironment.IsCi);

    /// <summary><see cref="Path"/> with the environment passed in, so the missing-helm paths are testable.</summary>
    internal static string Locate(string? configured, bool isCi)
    {
        var path = configured is { Length: > 0 } ? configured : RepositoryPaths.Of(".tools/helm");
        if (!File.Exists(path))
        {
            CiEnvironment.Missing($"helm at {path}", "run .ci/get-helm.sh (or set PULLDOCTOR_HELM to a helm binary)", isCi);
        }

        return path;
    }

    public static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(Path, arguments, Timeout, environment: IsolatedEnvironment());

    /// <summary><c>helm template</c> of the chart with <c>--set</c>-style overrides (name=value, typed like --set).</summary>
    public static Task<ProcessResult> TemplateAsync(params string[] sets) =>
        TemplateAsync(ReleaseName, ReleaseNamespace, sets);

    public static Task<ProcessResult> TemplateAsync(string release, string @namespace, IEnumerable<string> sets)
    {
        var arguments = new List<string> { "template", release, RepositoryPaths.Chart, "--namespace", @namespace };
        foreach (var set in sets)
        {
            arguments.Add("--set");
            arguments.Add(set);
        }

        return RunAsync([.. arguments]);
    }

    /// <summary>Renders and parses; fails the test with Helm's message when rendering fails.</summary>
    public static async Task<RenderedChart> RenderAsync(params string[] sets)
    {
        var result = await TemplateAsync(sets);
        Assert.That(result.ExitCode, Is.Zero, () => $"helm template {string.Join(' ', sets.Select(s => "--set " + s))} failed:\n{result.StandardError}");
        return RenderedChart.Parse(result.StandardOutput);
    }

    // Helm would otherwise read and write the user's ~/.config/helm and ~/.cache/helm.
    private static Dictionary<string, string?> IsolatedEnvironment()
    {
        var home = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pulldoctor-helm-home");
        return new Dictionary<string, string?>
        {
            ["HELM_CONFIG_HOME"] = System.IO.Path.Combine(home, "config"),
            ["HELM_CACHE_HOME"] = System.IO.Path.Combine(home, "cache"),
            ["HELM_DATA_HOME"] = System.IO.Path.Combine(home, "data"),
            ["KUBECONFIG"] = System.IO.Path.Combine(home, "no-kubeconfig"),
        };
    }
}
