using PullDoctor.Core.Kubernetes;

namespace PullDoctor.Operator.Kube;

/// <summary>
/// A name that is not valid for the object it names was about to go into an API path or selector. Thrown before
/// any request is made: a name from a pod spec ("../../payments/secrets/regcred") must never choose the URL.
/// </summary>
internal sealed class InvalidObjectNameException : ArgumentException
{
    public InvalidObjectNameException()
    {
    }

    public InvalidObjectNameException(string message)
        : base(message)
    {
    }

    public InvalidObjectNameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The name, if it is a DNS-1123 subdomain (Secrets, ServiceAccounts, Nodes, ReplicaSets, Jobs, Pods).</summary>
    public static string RequireSubdomain(string? name, string what) =>
        ObjectNames.IsDnsSubdomain(name) ? name! : throw new InvalidObjectNameException($"not a valid {what} name (RFC 1123 subdomain)");

    /// <summary>The namespace, if it is a DNS-1123 label.</summary>
    public static string RequireNamespace(string? name) =>
        ObjectNames.IsDnsLabel(name) ? name! : throw new InvalidObjectNameException("not a valid namespace name (RFC 1123 label)");

    public static string RequireUid(string? uid) =>
        ObjectNames.IsUid(uid) ? uid! : throw new InvalidObjectNameException("not a valid object uid");
}
