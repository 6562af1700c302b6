using Microsoft.Extensions.Hosting;

namespace PullDoctor.Testing.Http;

/// <summary>
/// The embedded server must not react to the process's Ctrl-C or SIGTERM (it lives inside a test
/// host or the standalone command, which decide when to stop), so it replaces ConsoleLifetime.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
