namespace PullDoctor.Testing.Standalone;

/// <summary>The executable's commands: <c>serve</c> (standalone API server) and <c>bench</c> (throughput measurement).</summary>
internal static class CommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await Console.Out.WriteLineAsync("usage: PullDoctor.Testing serve [--port N] [--tls] [--kubeconfig PATH] [FILE.yaml...]\n       PullDoctor.Testing bench [--pods N] [--watchers N] [--events N]");
            return args.Length == 0 ? 2 : 0;
        }

        try
        {
            return args[0] switch
            {
                "serve" => await ServeCommand.RunAsync(args[1..]),
                "bench" => await BenchCommand.RunAsync(args[1..]),
                _ => Usage($"unknown command \"{args[0]}\""),
            };
        }
        catch (ArgumentException e)
        {
            return Usage(e.Message);
        }
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine("error: " + message);
        return 2;
    }
}
