namespace PullDoctor.Testing.Diagnostics;

/// <summary>
/// Every request the server answered, in completion order (watches are logged when they end), so a
/// test can assert what a client did: how many writes, which verbs on which resources.
/// </summary>
public sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly LinkedList<RequestRecord> _records = new();
    private readonly int _capacity;

    public RequestLog(int capacity) => _capacity = capacity;

    public IReadOnlyList<RequestRecord> Entries
    {
        get
        {
            lock (_gate)
            {
                return _records.ToArray();
            }
        }
    }

    public void Add(RequestRecord record)
    {
        lock (_gate)
        {
            _records.AddLast(record);
            if (_capacity > 0 && _records.Count > _capacity)
            {
                _records.RemoveFirst();
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _records.Clear();
        }
    }

    /// <summary>Requests matching a verb and/or resource (<c>pods</c>, or <c>pods/status</c> for a subresource); null matches any.</summary>
    public IReadOnlyList<RequestRecord> Where(string? verb = null, string? resource = null, string? ns = null, string? name = null) =>
        Entries.Where(r => (verb is null || r.Verb == verb)
            && (resource is null || r.ResourceWithSubresource == resource || (r.Subresource is null && r.Resource == resource))
            && (ns is null || r.Namespace == ns)
            && (name is null || r.Name == name)).ToArray();

    public int Count(string? verb = null, string? resource = null) => Where(verb, resource).Count;

    /// <summary>Writes (create/update/patch/delete/deletecollection), optionally of one resource.</summary>
    public IReadOnlyList<RequestRecord> Writes(string? resource = null) =>
        Entries.Where(r => r.IsWrite && (resource is null || r.ResourceWithSubresource == resource || r.Resource == resource)).ToArray();

    /// <summary>Distinct (verb, group, resource[/subresource]) triples, for comparing with RBAC rules.</summary>
    public IReadOnlySet<(string Verb, string Group, string Resource)> VerbsUsed() =>
        Entries.Where(r => r.Verb.Length > 0).Select(r => (r.Verb, r.Group, r.ResourceWithSubresource)).ToHashSet();
}
