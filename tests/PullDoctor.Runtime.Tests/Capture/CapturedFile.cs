using System.Runtime.CompilerServices;
using System.Text;

namespace PullDoctor.Runtime.Tests.Capture;

/// <summary>
/// The versioned capture, <c>Captured/runtime-messages.json</c> in the source tree: what the runtimes of
/// the recorded versions said, normalized. A test compares every run with it; with
/// <c>PULLDOCTOR_UPDATE_CAPTURES=1</c> the run rewrites it instead.
/// </summary>
public static class CapturedFile
{
    public const string UpdateVariable = "PULLDOCTOR_UPDATE_CAPTURES";

    public static string SourcePath { get; } = Path.Combine(ProjectDirectory(), "Captured", "runtime-messages.json");

    public static bool UpdateRequested => Environment.GetEnvironmentVariable(UpdateVariable) is "1" or "true";

    public static CaptureDocument? Read() => File.Exists(SourcePath) ? CaptureDocument.FromJson(File.ReadAllText(SourcePath)) : null;

    public static void Write(CaptureDocument normalized) => File.WriteAllText(SourcePath, normalized.ToJson());

    /// <summary>A readable diff (versions and rows, keyed by scenario and runtime); empty when equal.</summary>
    public static string Diff(CaptureDocument recorded, CaptureDocument live)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(live);
        var diff = new StringBuilder();
        foreach (var key in recorded.Versions.Keys.Union(live.Versions.Keys).Order(StringComparer.Ordinal))
        {
            var before = recorded.Versions.GetValueOrDefault(key);
            var after = live.Versions.GetValueOrDefault(key);
            if (before != after)
            {
                diff.AppendLine($"version {key}:\n  - {before ?? "(none)"}\n  + {after ?? "(none)"}");
            }
        }

        var keys = recorded.Messages.Concat(live.Messages).Select(m => (m.Scenario, m.Runtime)).Distinct().Order();
        foreach (var (scenario, runtime) in keys)
        {
            var before = Describe(recorded.Find(scenario, runtime));
            var after = Describe(live.Find(scenario, runtime));
            if (before != after)
            {
                diff.AppendLine($"{scenario} / {runtime}:\n  - {before}\n  + {after}");
            }
        }

        return diff.ToString();
    }

    private static string Describe(CapturedMessage? message) => message switch
    {
        null => "(not captured)",
        { Succeeded: true } => $"pulled {message.Image}",
        _ => $"[{Code(message.Code)}] {message.Message}",
    };

    // containerd reports the same dial timeout as DeadlineExceeded or Unknown from run to run (whether
    // Go's dial error or the context's deadline is seen first), so the two are one code for the diff.
    private static string Code(string? code) => code switch
    {
        null => "-",
        "Unknown" or "DeadlineExceeded" => "Unknown|DeadlineExceeded",
        _ => code,
    };

    private static string ProjectDirectory([CallerFilePath] string path = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(path))!;
}
