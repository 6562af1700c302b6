using System.Diagnostics;
using System.Text;

namespace PullDoctor.Tests.Support;

/// <summary>Runs the real <c>pulldoctor</c> executable, as a user would, and captures what it prints.</summary>
public static class PullDoctorProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Clip(Stdout)}\n--- stderr\n{Clip(Stderr)}";

        // A failing assertion on megabytes of output would drown the message.
        private static string Clip(string text) => text.Length <= 4000 ? text : text[..4000] + $"... ({text.Length} characters)";
    }

    /// <summary>What a run printed, byte for byte: for asserting that no control character reaches a terminal.</summary>
    public sealed record RawResult(int ExitCode, byte[] Stdout, byte[] Stderr)
    {
        public Result Decoded => new(ExitCode, Encoding.UTF8.GetString(Stdout), Encoding.UTF8.GetString(Stderr));

        public override string ToString() => Decoded.ToString();
    }

    /// <summary>How to run: what to feed stdin (text, or a file such as /dev/zero, copied until the process stops reading), extra environment, how long to wait.</summary>
    public sealed record Options
    {
        public string? Stdin { get; init; }

        public string? StdinFile { get; init; }

        public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

        public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    }

    /// <summary>The built pulldoctor.dll, copied next to the tests by the project reference.</summary>
    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "pulldoctor.dll");

    public static async Task<Result> RunAsync(IEnumerable<string> arguments, string? stdin = null, TimeSpan? timeout = null) =>
        (await RunRawAsync(arguments, new Options { Stdin = stdin, Timeout = timeout ?? TimeSpan.FromSeconds(60) })).Decoded;

    public static async Task<RawResult> RunRawAsync(IEnumerable<string> arguments, Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var argumentList = arguments.ToList();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AssemblyPath);
        foreach (var argument in argumentList)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in options.Environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        using var cts = new CancellationTokenSource(options.Timeout);
        var stdout = ReadAllAsync(process.StandardOutput.BaseStream, cts.Token);
        var stderr = ReadAllAsync(process.StandardError.BaseStream, cts.Token);
        var stdin = FeedStdinAsync(process, options, cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
            await stdin;
            return new RawResult(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pulldoctor {string.Join(' ', argumentList)} did not finish in {options.Timeout}");
        }
    }

    private static async Task FeedStdinAsync(Process process, Options options, CancellationToken cancellationToken)
    {
        var input = process.StandardInput.BaseStream;
        try
        {
            if (options.Stdin is not null)
            {
                await input.WriteAsync(Encoding.UTF8.GetBytes(options.Stdin), cancellationToken);
            }
            else if (options.StdinFile is not null)
            {
                await using var file = new FileStream(options.StdinFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: false);
                await file.CopyToAsync(input, cancellationToken);
            }
        }
        catch (IOException)
        {
            // The process stopped reading (it exited, or refused input past a cap): what it read is what counts.
        }
        finally
        {
            CloseQuietly(input);
        }
    }

    private static void CloseQuietly(Stream input)
    {
        try
        {
            input.Dispose();
        }
        catch (IOException)
        {
            // Flushing into a pipe nobody reads any more.
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
