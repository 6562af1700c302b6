using System.Diagnostics;

namespace PullDoctor.Tests.Support;

/// <summary>Runs the real <c>pulldoctor</c> executable, as a user would, and captures what it prints.</summary>
public static class PullDoctorProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>The built pulldoctor.dll, copied next to the tests by the project reference.</summary>
    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "pulldoctor.dll");

    public static async Task<Result> RunAsync(IEnumerable<string> arguments, string? stdin = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AssemblyPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pulldoctor {string.Join(' ', arguments)} did not finish in time");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
