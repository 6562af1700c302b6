namespace PullDoctor.Testing;

/// <summary>Settings of an in-process API server. The defaults suit tests: random port, short bookmark interval.</summary>
public sealed class KubeApiServerOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Serve HTTPS (self-signed certificate for 127.0.0.1/localhost, trusted by the generated client
    /// configuration and kubeconfig) so clients negotiate HTTP/2 through ALPN, as with a real API
    /// server. Plain HTTP serves HTTP/1.1 (and HTTP/2 with prior knowledge is not offered).
    /// </summary>
    public bool UseTls { get; set; }

    /// <summary>Watch events retained per resource; a watch from an older resourceVersion gets 410 Gone.</summary>
    public int WatchHistorySize { get; set; } = 10_000;

    /// <summary>How often a watch with allowWatchBookmarks gets a BOOKMARK (kube-apiserver: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Watch duration when the client sends no timeoutSeconds (kube-apiserver: 30–60 min).</summary>
    public TimeSpan DefaultWatchTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a paginated list's continue token stays valid (etcd compaction: about 5 min).</summary>
    public TimeSpan ContinueTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Queued events per watcher before the watcher is terminated as too slow.</summary>
    public int WatcherQueueCapacity { get; set; } = 100_000;

    /// <summary>Record metadata.managedFields on writes, as a real server does (costs some CPU per write).</summary>
    public bool TrackManagedFields { get; set; } = true;

    /// <summary>Delay before the garbage collector and namespace controller act on a change (real ones take milliseconds).</summary>
    public TimeSpan ControllerDelay { get; set; } = TimeSpan.Zero;

    /// <summary>The version reported by /version.</summary>
    public string KubernetesVersion { get; set; } = "v1.34.0";

    /// <summary>Namespaces present at start.</summary>
    public IReadOnlyList<string> InitialNamespaces { get; set; } = ["default", "kube-system", "kube-public", "kube-node-lease"];

    /// <summary>Time source for timestamps and token expiry.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Keep the last N requests in the request log (0 = unbounded).</summary>
    public int RequestLogCapacity { get; set; } = 100_000;
}
