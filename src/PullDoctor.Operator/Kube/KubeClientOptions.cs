namespace PullDoctor.Operator.Kube;

/// <summary>How to reach the API server and how politely.</summary>
internal sealed class KubeClientOptions
{
    /// <summary>Kubeconfig file; null uses in-cluster config inside a pod, else $KUBECONFIG (first file) or ~/.kube/config.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Kubeconfig context; null uses the current context.</summary>
    public string? Context { get; set; }

    /// <summary>Sent on every request so API server audit logs name us; defaults to <c>pulldoctor/&lt;version&gt;</c>.</summary>
    public string? UserAgent { get; set; }

    /// <summary>
    /// Client-side request rate; 0 (default) disables it and relies on the server's API Priority and Fairness,
    /// as controller-runtime does. client-go's historical default is 5 qps, burst 10.
    /// </summary>
    public double Qps { get; set; }

    public int Burst { get; set; } = 10;

    /// <summary>Attempts (first try included) for a request answered 429/503 with Retry-After; client-go retries up to 10 times.</summary>
    public int RetryAfterMaxAttempts { get; set; } = 10;

    /// <summary>Upper bound of the total time spent waiting on Retry-After for one request.</summary>
    public TimeSpan RetryAfterMaxTotalDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per-request timeout of non-watch requests; null keeps the client's 100 s.</summary>
    public TimeSpan? RequestTimeout { get; set; }
}
