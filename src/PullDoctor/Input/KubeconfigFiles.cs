namespace PullDoctor.Cli.Input;

/// <summary>
/// Checks the kubeconfig files the client library is about to parse (--kubeconfig, else each $KUBECONFIG entry,
/// else ~/.kube/config) for size and nesting first: its YAML parser, like every YamlDotNet parse, would overflow
/// the stack on deeply nested input and kill the process.
/// </summary>
internal static class KubeconfigFiles
{
    public const long MaxBytes = 16 * 1024 * 1024;

    public static async Task CheckAsync(string? explicitPath, CancellationToken cancellationToken)
    {
        foreach (var path in Candidates(explicitPath).Where(File.Exists))
        {
            var label = $"kubeconfig {path}";
            var bytes = await BoundedInput.ReadAsync(path, Stream.Null, MaxBytes, label, label, cancellationToken);
            NestingLimit.Check(StrictUtf8.Decode(bytes, label), label);
        }
    }

    private static IEnumerable<string> Candidates(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return [explicitPath];
        }

        var variable = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(variable))
        {
            return variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        }

        return [Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config")];
    }
}
