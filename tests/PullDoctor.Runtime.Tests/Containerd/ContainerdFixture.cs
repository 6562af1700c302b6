using System.Diagnostics;
using PullDoctor.RegistryFixtures;
using PullDoctor.Runtime.Tests.Cri;
using PullDoctor.Runtime.Tests.Sandbox;

namespace PullDoctor.Runtime.Tests.Containerd;

/// <summary>
/// Debian's containerd with its own config, root, state and socket in a temp directory (never the
/// system's), the CRI plugin on, the native snapshotter (no overlayfs needed) and registry host
/// configuration from <see cref="RegistryHostsDirectory"/>. Stopped by PID on dispose.
/// </summary>
internal sealed class ContainerdFixture : IAsyncDisposable
{
    private readonly TempDirectory _directory;
    private readonly ChildProcess _process;

    private ContainerdFixture(TempDirectory directory, ChildProcess process, string socketPath, CriImageClient client, TimeSpan startupTime)
    {
        _directory = directory;
        _process = process;
        SocketPath = socketPath;
        Client = client;
        StartupTime = startupTime;
    }

    public const string Binary = "/usr/bin/containerd";

    public string SocketPath { get; }

    public CriImageClient Client { get; }

    public TimeSpan StartupTime { get; }

    public string LogTail => _process.OutputTail;

    public static async Task<ContainerdFixture> StartAsync(RegistryHostsDirectory hosts, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var directory = TempDirectory.Create("containerd");
        var socketPath = directory.File("containerd.sock");
        var configPath = directory.File("config.toml");
        await File.WriteAllTextAsync(configPath, Config(directory, socketPath, hosts.Path), cancellationToken).ConfigureAwait(false);
        var process = ChildProcess.Start(Binary, ["--config", configPath], directory.Path);
        var client = CriImageClient.Connect(socketPath);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"containerd exited during startup:\n{process.OutputTail}");
                }

                if (File.Exists(socketPath))
                {
                    try
                    {
                        // The CRI plugin answers once it is initialised: a bare socket is not enough.
                        _ = await client.IsPresentAsync("startup.probe.invalid/none:0", timeout.Token).ConfigureAwait(false);
                        return new ContainerdFixture(directory, process, socketPath, client, clock.Elapsed);
                    }
                    catch (Grpc.Core.RpcException) when (!timeout.IsCancellationRequested)
                    {
                    }
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not InvalidOperationException)
        {
            client.Dispose();
            var tail = process.OutputTail;
            await process.DisposeAsync().ConfigureAwait(false);
            directory.Dispose();
            throw new InvalidOperationException($"containerd did not become ready: {e.Message}\n{tail}", e);
        }
        catch
        {
            client.Dispose();
            await process.DisposeAsync().ConfigureAwait(false);
            directory.Dispose();
            throw;
        }
    }

    // version 2 is the config schema of containerd 1.5-1.7. Plugins that would touch host paths
    // (/opt/containerd) or need kernel features we do not have are disabled; CNI is unused (no pods).
    private static string Config(TempDirectory directory, string socketPath, string hostsPath) => $$"""
        version = 2
        root = "{{directory.Sub("root")}}"
        state = "{{directory.Sub("state")}}"
        disabled_plugins = [
          "io.containerd.internal.v1.opt",
          "io.containerd.snapshotter.v1.aufs",
          "io.containerd.snapshotter.v1.btrfs",
          "io.containerd.snapshotter.v1.zfs",
          "io.containerd.snapshotter.v1.devmapper",
          "io.containerd.tracing.processor.v1.otlp",
        ]

        [grpc]
          address = "{{socketPath}}"

        [ttrpc]
          address = "{{socketPath}}.ttrpc"

        [debug]
          level = "info"

        [plugins."io.containerd.grpc.v1.cri"]
          [plugins."io.containerd.grpc.v1.cri".containerd]
            snapshotter = "native"
          [plugins."io.containerd.grpc.v1.cri".registry]
            config_path = "{{hostsPath}}"
        """;

    /// <summary><c>containerd --version</c>, e.g. <c>containerd github.com/containerd/containerd 1.6.20~ds1 ...</c>.</summary>
    public static async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        var result = await CommandRunner.RunCheckedAsync(Binary, ["--version"], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return result.StandardOutput.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.DisposeAsync().ConfigureAwait(false);
        _directory.Dispose();
    }
}
