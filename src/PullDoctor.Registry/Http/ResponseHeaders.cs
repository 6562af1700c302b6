using System.Net.Http.Headers;

namespace PullDoctor.Registry.Http;

/// <summary>A copy of a response's headers (raw values, case-insensitive names) that outlives the response.</summary>
public sealed class ResponseHeaders
{
    private readonly Dictionary<string, string[]> _values;

    public ResponseHeaders(IEnumerable<KeyValuePair<string, string[]>> values)
    {
        _values = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, list) in values)
        {
            _values[name] = _values.TryGetValue(name, out var existing) ? [.. existing, .. list] : list;
        }
    }

    public static ResponseHeaders Empty { get; } = new([]);

    public string? this[string name] => _values.TryGetValue(name, out var list) && list.Length > 0 ? list[0] : null;

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];

    internal static ResponseHeaders From(HttpResponseMessage response)
    {
        var all = new List<KeyValuePair<string, string[]>>();
        Copy(response.Headers, all);
        if (response.Content is not null)
        {
            Copy(response.Content.Headers, all);
        }

        return new ResponseHeaders(all);
    }

    private static void Copy(HttpHeaders headers, List<KeyValuePair<string, string[]>> into)
    {
        foreach (var header in headers.NonValidated)
        {
            into.Add(new(header.Key, [.. header.Value]));
        }
    }
}
