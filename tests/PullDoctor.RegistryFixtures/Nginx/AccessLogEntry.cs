namespace PullDoctor.RegistryFixtures;

/// <summary>One line of the nginx front's access log.</summary>
/// <param name="Path">The request path without the query.</param>
/// <param name="Query">The query string without <c>?</c>, or null.</param>
public sealed record AccessLogEntry(string Method, string Path, string? Query, int Status)
{
    /// <summary>A manifest request (<c>/v2/NAME/manifests/REF</c>).</summary>
    public bool IsManifest => Path.StartsWith("/v2/", StringComparison.Ordinal) && Path.Contains("/manifests/", StringComparison.Ordinal);

    /// <summary>A blob request (<c>/v2/NAME/blobs/DIGEST</c>).</summary>
    public bool IsBlob => Path.StartsWith("/v2/", StringComparison.Ordinal) && Path.Contains("/blobs/", StringComparison.Ordinal);

    /// <summary>A tag list request (<c>/v2/NAME/tags/list</c>).</summary>
    public bool IsTagList => Path.StartsWith("/v2/", StringComparison.Ordinal) && Path.EndsWith("/tags/list", StringComparison.Ordinal);

    /// <summary>The ping (<c>/v2/</c>).</summary>
    public bool IsPing => Path == "/v2/" || Path == "/v2";

    internal static AccessLogEntry? Parse(string line)
    {
        // log_format: '$request_method $request_uri $status'
        var parts = line.Split(' ');
        if (parts.Length != 3 || !int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out var status))
        {
            return null;
        }

        var question = parts[1].IndexOf('?', StringComparison.Ordinal);
        return question < 0
            ? new AccessLogEntry(parts[0], parts[1], null, status)
            : new AccessLogEntry(parts[0], parts[1][..question], parts[1][(question + 1)..], status);
    }

    public override string ToString() => $"{Method} {Path}{(Query is null ? string.Empty : "?" + Query)} {Status}";
}
