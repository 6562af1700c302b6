namespace PullDoctor.Testing.Diagnostics;

/// <summary>
/// One request the server answered. <see cref="Verb"/> is the Kubernetes (RBAC) verb: get, list,
/// watch, create, update, patch, delete, deletecollection; empty for discovery and other non-resource paths.
/// </summary>
public sealed record RequestRecord(
    DateTimeOffset Time,
    string Method,
    string Path,
    string Query,
    string Verb,
    string Group,
    string Version,
    string Resource,
    string? Subresource,
    string Namespace,
    string Name,
    int StatusCode,
    TimeSpan Duration,
    string UserAgent,
    string Protocol)
{
    /// <summary><c>resource</c> or <c>resource/subresource</c>, as RBAC rules name it.</summary>
    public string ResourceWithSubresource => Subresource is null ? Resource : $"{Resource}/{Subresource}";

    public bool IsWrite => Verb is "create" or "update" or "patch" or "delete" or "deletecollection";
}
