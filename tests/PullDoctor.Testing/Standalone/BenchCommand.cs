namespace PullDoctor.Testing.Standalone;

/// <summary>Placeholder replaced by the throughput measurement.</summary>
internal static class BenchCommand
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(args.Length >= 0 ? 0 : 1);
}
