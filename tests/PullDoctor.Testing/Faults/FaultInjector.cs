using PullDoctor.Testing.Http;
using PullDoctor.Testing.Storage;

namespace PullDoctor.Testing.Faults;

/// <summary>
/// Scripted failures, so a test can show a client survives what a real API server does under
/// stress: dropped watches, 5xx and 429 with Retry-After, slow responses, expired watch history,
/// and lost optimistic-concurrency races.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];
    private readonly ObjectStore _store;

    internal FaultInjector(ObjectStore store) => _store = store;

    /// <summary>RBAC: deny a verb on a resource and the server answers 403 as the real RBAC authorizer does.</summary>
    public Authorization.Authorizer Authorization { get; } = new();

    /// <summary>Ends every open watch now; clients see their streams end normally.</summary>
    public int CloseAllWatches() => _store.CloseAllWatches();

    /// <summary>
    /// Fails the next <paramref name="count"/> requests matching <paramref name="verb"/> (get, list,
    /// watch, create, update, patch, delete, deletecollection) and <paramref name="resource"/>
    /// (<c>pods</c>, <c>pods/status</c>, <c>imagepulldiagnoses</c>); null matches anything.
    /// 429 and 503 carry a Retry-After header of <paramref name="retryAfter"/> (default 1 s).
    /// </summary>
    public FaultRule FailNext(int count, int statusCode, string? verb = null, string? resource = null, TimeSpan? retryAfter = null, string? message = null)
    {
        var rule = new FaultRule(FaultKind.Fail, count, verb, resource)
        {
            StatusCode = statusCode,
            RetryAfter = retryAfter ?? (statusCode is 429 or 503 ? TimeSpan.FromSeconds(1) : null),
            Message = message,
        };
        return Add(rule);
    }

    /// <summary>Delays matching requests by <paramref name="delay"/> (the next <paramref name="count"/>, or all until removed).</summary>
    public FaultRule Delay(TimeSpan delay, string? verb = null, string? resource = null, int count = int.MaxValue) =>
        Add(new FaultRule(FaultKind.Delay, count, verb, resource) { DelayBy = delay });

    /// <summary>Drops the connection of the next matching requests without any response.</summary>
    public FaultRule AbortNext(int count, string? verb = null, string? resource = null) =>
        Add(new FaultRule(FaultKind.Abort, count, verb, resource));

    /// <summary>Makes the next <paramref name="count"/> updates (PUT or PATCH, any subresource) of the resource fail with 409 Conflict.</summary>
    public FaultRule ConflictNextUpdate(string? resource = null, string? name = null, int count = 1) =>
        Add(new FaultRule(FaultKind.Conflict, count, null, resource) { ObjectName = name });

    /// <summary>Forgets watch history and list snapshots: the next watch from an older resourceVersion, and old continue tokens, get 410.</summary>
    public void CompactHistory() => _store.Compact();

    public void Reset()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    internal FaultRule? Match(ApiRequest request, FaultKind kind)
    {
        lock (_gate)
        {
            foreach (var rule in _rules)
            {
                if (rule.Kind == kind && rule.Remaining > 0 && rule.Matches(request.Verb, request.Resource, request.Subresource))
                {
                    rule.Remaining--;
                    return rule;
                }
            }

            _rules.RemoveAll(r => r.Remaining <= 0);
            return null;
        }
    }

    internal bool ConsumeConflict(string resource, string name)
    {
        lock (_gate)
        {
            var rule = _rules.Find(r => r.Kind == FaultKind.Conflict && r.Remaining > 0
                && (r.Resource is null || r.Resource == resource) && (r.ObjectName is null || r.ObjectName == name));
            if (rule is null)
            {
                return false;
            }

            rule.Remaining--;
            return true;
        }
    }

    internal void Remove(FaultRule rule)
    {
        lock (_gate)
        {
            _rules.Remove(rule);
        }
    }

    private FaultRule Add(FaultRule rule)
    {
        rule.Owner = this;
        lock (_gate)
        {
            _rules.Add(rule);
        }

        return rule;
    }
}
