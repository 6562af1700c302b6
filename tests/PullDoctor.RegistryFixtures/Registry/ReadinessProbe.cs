using System.Diagnostics;

namespace PullDoctor.RegistryFixtures;

/// <summary>Waits until a server we started answers HTTP at all (any status), or its process dies.</summary>
internal static class ReadinessProbe
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <returns>Null when ready; otherwise why not (process exited, or timed out).</returns>
    public static async Task<string?> WaitAsync(Uri uri, ManagedProcess process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(TestHttpClients.CreateInsecureHandler(), disposeHandler: true)
        {
            Timeout = TimeSpan.FromSeconds(2),
        };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                return $"exited with code {process.ExitCode}";
            }

            try
            {
                using var response = await client.GetAsync(uri, cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening but slow to answer; keep trying until the overall timeout.
            }

            // Polling is the only readiness signal these servers offer.
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }

        return $"did not answer {uri} within {timeout.TotalSeconds:0.#} s";
    }
}
