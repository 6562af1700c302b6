namespace PullDoctor.Bench.Operator;

/// <summary>Every figure of one scenario, as written to bench/results/latest.json.</summary>
internal sealed class ScenarioResult
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    public int Pods { get; set; }

    public int Stuck { get; set; }

    public double AveragePodBytes { get; set; }

    public double SeedSeconds { get; set; }

    public double? InitialSyncSeconds { get; set; }

    public double OperatorCpuSeconds { get; set; }

    public double OperatorPeakRssMiB { get; set; }

    public double? OperatorRssAtEndMiB { get; set; }

    public double? OperatorGcHeapAtEndMiB { get; set; }

    public double? BaselinePeakRssMiB { get; set; }

    public double? BaselineToOperatorRssRatio { get; set; }

    /// <summary>What cpuPerEventMicros divides: listed pods (initial sync) or watch events (burst, churn).</summary>
    public string CpuPerEventBasis { get; set; } = string.Empty;

    public double? CpuPerEventMicros { get; set; }

    public double? RawParsePerEventMicros { get; set; }

    public double? CpuToRawParseRatio { get; set; }

    public Percentiles? TimeToDiagnosisMs { get; set; }

    public string TimeToDiagnosisBasis { get; set; } = string.Empty;

    public int NewlyStuckPods { get; set; }

    public double? ApiWritesPerStuckPod { get; set; }

    /// <summary>API reads (get and list; watches aside) per newly stuck pod, in the window the pods became stuck.</summary>
    public double? ApiReadsPerStuckPod { get; set; }

    /// <summary>Kubelet retries of stuck pods driven in the retry scenario.</summary>
    public int? KubeletRetries { get; set; }

    /// <summary>Every operator request (watches aside) during the retries, per retry.</summary>
    public double? ApiRequestsPerRetry { get; set; }

    /// <summary>CPU µs of a plain Utf8JsonReader pass (every token, nothing built) over the same bytes: the floor.</summary>
    public double? ReaderPassPerEventMicros { get; set; }

    public double? CpuToReaderPassRatio { get; set; }

    /// <summary>Where the operator's RSS is at the end (/proc/PID/status): anonymous (heaps, JIT code, stacks) and file-backed (mapped binaries).</summary>
    public double? OperatorRssAnonMiB { get; set; }

    public double? OperatorRssFileMiB { get; set; }

    public double? OperatorRssShmemMiB { get; set; }

    /// <summary>The runtime settings the operator ran with (the chart's, plus any --operator-env).</summary>
    public SortedDictionary<string, string> OperatorEnvironment { get; set; } = new(StringComparer.Ordinal);

    public int ApiWritesForUnchangedPods { get; set; }

    public int? RestartWrites { get; set; }

    public int RegistryRequests { get; set; }

    public int RegistryManifestRequests { get; set; }

    /// <summary>Distinct registry requests (method, path, query): equal to RegistryRequests when nothing was asked twice.</summary>
    public int? RegistryDistinctRequests { get; set; }

    public int EventsWritten { get; set; }

    public int WatchEvents { get; set; }

    public double? WatchEventsPerSecond { get; set; }

    public SortedDictionary<string, int> ApiRequests { get; set; } = new(StringComparer.Ordinal);

    public List<string> Notes { get; set; } = [];
}

internal sealed record Percentiles(double P50, double P95, double P99, double Max, int Samples)
{
    public static Percentiles? Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        double At(double q) => Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)], 1);
        return new Percentiles(At(0.50), At(0.95), At(0.99), Math.Round(sorted[^1], 1), sorted.Length);
    }
}
