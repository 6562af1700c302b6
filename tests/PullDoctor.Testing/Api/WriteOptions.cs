namespace PullDoctor.Testing.Api;

/// <summary>The query options of a write (create, update, patch, delete) and the warnings it produced.</summary>
public sealed class WriteOptions
{
    public bool DryRun { get; init; }

    /// <summary>The fieldManager query parameter; when absent the manager is derived from the User-Agent.</summary>
    public string? FieldManager { get; init; }

    /// <summary>Strict, Warn (the default) or Ignore.</summary>
    public string FieldValidation { get; init; } = "Warn";

    public bool Force { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>Warnings to return in <c>Warning: 299 - "..."</c> headers.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>The manager name kube-apiserver uses: the fieldManager, else the User-Agent up to its first '/'.</summary>
    public string Manager
    {
        get
        {
            if (!string.IsNullOrEmpty(FieldManager))
            {
                return FieldManager;
            }

            var agent = UserAgent ?? "unknown";
            var slash = agent.IndexOf('/', StringComparison.Ordinal);
            return slash > 0 ? agent[..slash] : agent;
        }
    }
}

/// <summary>DeleteOptions: propagation policy, grace period and preconditions.</summary>
public sealed class DeleteOptions
{
    /// <summary>Background (default), Foreground or Orphan.</summary>
    public string? PropagationPolicy { get; init; }

    public long? GracePeriodSeconds { get; init; }

    public string? PreconditionUid { get; init; }

    public string? PreconditionResourceVersion { get; init; }

    public bool DryRun { get; init; }
}
