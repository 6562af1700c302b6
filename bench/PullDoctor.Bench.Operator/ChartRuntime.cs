using System.Text.RegularExpressions;

namespace PullDoctor.Bench.Operator;

/// <summary>
/// The .NET runtime settings the chart gives the operator (the DOTNET_* env of deploy/deployment.yaml, which is the
/// chart rendered with default values), so the benchmark measures the process as it runs in the cluster.
/// </summary>
internal static partial class ChartRuntime
{
    public static Dictionary<string, string> Environment(string repositoryRoot)
    {
        var text = File.ReadAllText(Path.Combine(repositoryRoot, "deploy/deployment.yaml"));
        return EnvPattern().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
    }

    [GeneratedRegex(@"- name: (?<name>DOTNET_\w+)\s*\n\s*value: ""(?<value>[^""]*)""")]
    private static partial Regex EnvPattern();
}
