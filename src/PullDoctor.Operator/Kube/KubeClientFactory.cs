using System.Reflection;
using k8s;

namespace PullDoctor.Operator.Kube;

/// <summary>
/// Builds the process-wide <see cref="IKubernetes"/>: configuration from kubeconfig or the pod's service
/// account, our User-Agent, and the handler chain (Retry-After retries outside, optional throttle inside).
/// Create one per process and dispose it at shutdown.
/// </summary>
internal static class KubeClientFactory
{
    /// <summary><c>pulldoctor/&lt;version&gt;</c>.</summary>
    public static string DefaultUserAgent { get; } = $"pulldoctor/{Version()}";

    /// <summary>An explicit kubeconfig wins; otherwise in-cluster config inside a pod; otherwise the user's kubeconfig.</summary>
    public static KubernetesClientConfiguration BuildConfiguration(KubeClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        KubernetesClientConfiguration config;
        if (!string.IsNullOrEmpty(options.Kubeconfig))
        {
            if (!File.Exists(options.Kubeconfig))
                throw new FileNotFoundException($"kubeconfig {options.Kubeconfig} does not exist.", options.Kubeconfig);
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig, options.Context);
        }
        else if (string.IsNullOrEmpty(options.Context) && KubernetesClientConfiguration.IsInCluster())
        {
            config = KubernetesClientConfiguration.InClusterConfig();
        }
        else
        {
            var path = DefaultKubeconfigPath();
            if (!File.Exists(path))
                throw new FileNotFoundException($"Not running in a cluster and no kubeconfig at {path}; pass --kubeconfig.", path);
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, options.Context);
        }

        config.UserAgent = string.IsNullOrEmpty(options.UserAgent) ? DefaultUserAgent : options.UserAgent;
        if (options.RequestTimeout is { } timeout)
            config.HttpClientTimeout = timeout;
        return config;
    }

    public static IKubernetes Create(KubeClientOptions options, TimeProvider time, params DelegatingHandler[] innerHandlers) =>
        Create(BuildConfiguration(options), options, time, innerHandlers);

    /// <summary>
    /// A client for <paramref name="config"/> with our handlers. <paramref name="innerHandlers"/> (e.g. metrics)
    /// sit closest to the wire and see every attempt, retries included.
    /// </summary>
    public static IKubernetes Create(KubernetesClientConfiguration config, KubeClientOptions options, TimeProvider time, params DelegatingHandler[] innerHandlers)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(innerHandlers);
        if (string.IsNullOrEmpty(config.UserAgent))
            config.UserAgent = string.IsNullOrEmpty(options.UserAgent) ? DefaultUserAgent : options.UserAgent;

        var handlers = new List<DelegatingHandler> { new RetryAfterHandler(time, options.RetryAfterMaxAttempts, options.RetryAfterMaxTotalDelay) };
        if (options.Qps > 0)
            handlers.Add(new ClientThrottleHandler(options.Qps, options.Burst));
        handlers.AddRange(innerHandlers);
        return new Kubernetes(config, [.. handlers]);
    }

    private static string DefaultKubeconfigPath()
    {
        // kubectl merges every file in $KUBECONFIG; we take the first that exists (the first listed if none does).
        var fromEnv = Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        if (fromEnv is { Length: > 0 })
            return fromEnv.FirstOrDefault(File.Exists) ?? fromEnv[0];
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
    }

    private static string Version()
    {
        var informational = typeof(KubeClientFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(informational))
            return typeof(KubeClientFactory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
