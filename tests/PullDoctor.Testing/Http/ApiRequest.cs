namespace PullDoctor.Testing.Http;

/// <summary>
/// A resource request decoded from its URL the way kube-apiserver's RequestInfoFactory does it:
/// <c>/api/v1/namespaces/{ns}/{resource}/{name}/{subresource}</c> or <c>/apis/{group}/{version}/...</c>.
/// </summary>
public sealed record ApiRequest(string Verb, string Group, string Version, string Resource, string Namespace, string Name, string? Subresource)
{
    public static ApiRequest? Parse(string method, string path, bool watchParam)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Trim('/').Split('/');
        string group;
        string version;
        int rest;
        if (parts.Length >= 3 && parts[0] == "api")
        {
            (group, version, rest) = (string.Empty, parts[1], 2);
        }
        else if (parts.Length >= 4 && parts[0] == "apis")
        {
            (group, version, rest) = (parts[1], parts[2], 3);
        }
        else
        {
            return null;
        }

        var segments = parts[rest..].Select(Uri.UnescapeDataString).ToArray();
        var watch = watchParam;
        if (segments.Length > 0 && segments[0] == "watch")
        {
            watch = true;
            segments = segments[1..];
        }

        var ns = string.Empty;
        if (segments.Length >= 3 && segments[0] == "namespaces" && !(segments.Length == 3 && segments[2] is "status" or "finalize"))
        {
            ns = segments[1];
            segments = segments[2..];
        }

        if (segments.Length is 0 or > 3)
        {
            return null;
        }

        var resource = segments[0];
        var name = segments.Length > 1 ? segments[1] : string.Empty;
        var sub = segments.Length > 2 ? segments[2] : null;
        if (resource == "namespaces" && ns.Length == 0 && name.Length > 0)
        {
            // /api/v1/namespaces/{name}[/status]: the namespace object itself.
        }

        var verb = method switch
        {
            "GET" or "HEAD" when name.Length == 0 => watch ? "watch" : "list",
            "GET" or "HEAD" => watch ? "watch" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" when name.Length == 0 => "deletecollection",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };
        return new ApiRequest(verb, group, version, resource, ns, name, sub);
    }
}
