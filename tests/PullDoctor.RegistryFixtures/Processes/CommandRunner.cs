using System.Diagnostics;
using System.Text;

namespace PullDoctor.RegistryFixtures;

/// <summary>Runs short external commands (skopeo, htpasswd) with a timeout, capturing their output.</summary>
public static class CommandRunner
{
    /// <summary>Runs the command and returns its result; never throws for a non-zero exit code.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? standardInput = null,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = new Process { StartInfo = info };
        process.Start();
        ProcessReaper.Track(process);
        try
        {
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken).ConfigureAwait(false);
                process.StandardInput.Close();
            }

            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeoutSource.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeoutSource.Token);
            try
            {
                await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
                return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{Path.GetFileName(fileName)} did not finish within {timeout.TotalSeconds:0.#} s: {Describe(info.ArgumentList)}");
            }
        }
        finally
        {
            ProcessReaper.KillQuietly(process);
            ProcessReaper.Untrack(process);
        }
    }

    /// <summary>Runs the command and throws with its output when it fails.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        var argumentList = arguments.ToList();
        var result = await RunAsync(fileName, argumentList, timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} exited with {result.ExitCode}: {Describe(argumentList)}\n{result.StandardError}{result.StandardOutput}");
        }

        return result;
    }

    // Test credentials are not secrets, but messages that echo passwords teach bad habits and confuse
    // tests that assert a password never appears in output.
    private static string Describe(IEnumerable<string> arguments)
    {
        var parts = new List<string>();
        var redactNext = false;
        foreach (var argument in arguments)
        {
            parts.Add(redactNext ? "***" : argument);
            redactNext = argument is "--creds" or "--dest-creds" or "--src-creds";
        }

        return string.Join(' ', parts);
    }
}
