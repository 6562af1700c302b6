using System.Globalization;
using System.Runtime.InteropServices;

namespace PullDoctor.Testing.Standalone;

/// <summary>
/// <c>serve [--port N] [--tls] [--kubeconfig PATH] [FILE.yaml...]</c>: runs the API server until
/// Ctrl-C or SIGTERM, after preloading the given YAML files and writing a kubeconfig.
/// </summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new KubeApiServerOptions { BookmarkInterval = TimeSpan.FromMinutes(1) };
        var kubeconfig = Path.Combine(Path.GetTempPath(), "pulldoctor-kubeconfig.yaml");
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port":
                    options.Port = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    break;
                case "--kubeconfig":
                    kubeconfig = Value(args, ref i);
                    break;
                case "--tls":
                    options.UseTls = true;
                    break;
                case "--bookmark-interval":
                    options.BookmarkInterval = TimeSpan.FromSeconds(double.Parse(Value(args, ref i), CultureInfo.InvariantCulture));
                    break;
                case var flag when flag.StartsWith("--", StringComparison.Ordinal):
                    throw new ArgumentException($"unknown flag {flag}");
                default:
                    files.Add(args[i]);
                    break;
            }
        }

        var preload = await PreloadFiles.ReadAsync(files);

        // Register for the signals before anything can report readiness, so an early SIGTERM is not lost.
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stopped.TrySetResult(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stopped.TrySetResult(); });
        await using var server = await KubeApiServer.StartAsync(options);
        await PreloadFiles.LoadAsync(server, preload, Console.Out);
        server.WriteKubeconfig(kubeconfig);
        await Console.Out.WriteLineAsync($"serving on {server.Url}");
        await Console.Out.WriteLineAsync($"kubeconfig: {kubeconfig}");
        await Console.Out.WriteLineAsync($"  export KUBECONFIG={kubeconfig}");
        await Console.Out.FlushAsync();

        await stopped.Task;
        await Console.Out.WriteLineAsync("stopping");
        return 0;
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");
}
