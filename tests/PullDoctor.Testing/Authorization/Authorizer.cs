using PullDoctor.Testing.Api;
using PullDoctor.Testing.Http;

namespace PullDoctor.Testing.Authorization;

/// <summary>
/// RBAC as a client meets it: everything is allowed until a test denies a verb on a resource, and a denied request
/// gets the 403 Status the real API server's RBAC authorizer sends (reason Forbidden, details group/kind/name, and
/// the message <c>pods is forbidden: User "system:serviceaccount:pulldoctor:pulldoctor" cannot list resource "pods"
/// in API group "" at the cluster scope</c>).
/// </summary>
public sealed class Authorizer
{
    /// <summary>The user the messages name (the operator's service account, as deploy/rbac.yaml binds it).</summary>
    public const string DefaultUser = "system:serviceaccount:pulldoctor:pulldoctor";

    private readonly Lock _gate = new();
    private readonly List<(string Verb, string Group, string Resource)> _denied = [];

    /// <summary>The user named in 403 messages.</summary>
    public string User { get; set; } = DefaultUser;

    /// <summary>Denies <paramref name="verb"/> (get, list, watch, create, update, patch, delete, deletecollection) on
    /// <paramref name="resource"/> (e.g. <c>pods</c>, <c>imagepulldiagnoses/status</c>) of <paramref name="group"/>.</summary>
    public void Deny(string verb, string resource, string group = "")
    {
        lock (_gate)
        {
            _denied.Add((verb, group, resource));
        }
    }

    /// <summary>Allows everything again.</summary>
    public void AllowAll()
    {
        lock (_gate)
        {
            _denied.Clear();
        }
    }

    internal void Check(ApiRequest request)
    {
        var resource = request.Subresource is null ? request.Resource : $"{request.Resource}/{request.Subresource}";
        bool denied;
        lock (_gate)
        {
            denied = _denied.Contains((request.Verb, request.Group, resource));
        }

        if (!denied)
        {
            return;
        }

        var scope = request.Namespace.Length == 0 ? "at the cluster scope" : $"in the namespace \"{request.Namespace}\"";
        var detail = $"User \"{User}\" cannot {request.Verb} resource \"{resource}\" in API group \"{request.Group}\" {scope}";
        throw ApiException.Forbidden(new GroupResource(request.Group, request.Resource), request.Name, detail);
    }
}
