using System.Diagnostics.CodeAnalysis;

namespace PullDoctor.Core.Kubernetes;

/// <summary>
/// The Kubernetes name grammars (apimachinery's validation): names from a pod spec are untrusted, because the API
/// server does not validate every reference (an <c>imagePullSecrets</c> entry or an owner reference may hold
/// "../../payments/secrets/regcred"). A name that reaches an API path, a command or a label must pass one of these.
/// </summary>
public static class ObjectNames
{
    /// <summary>RFC 1123 subdomain: most object names (Secrets, ServiceAccounts, Nodes, Pods, ReplicaSets …).</summary>
    public const int MaxSubdomainLength = 253;

    /// <summary>RFC 1123 label: namespaces, container names.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>True for a DNS-1123 subdomain: lower-case alphanumerics, '-' and '.', alphanumeric at both ends of each label.</summary>
    public static bool IsDnsSubdomain([NotNullWhen(true)] string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxSubdomainLength)
        {
            return false;
        }

        foreach (var label in name.Split('.'))
        {
            if (!IsLabelText(label))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for a DNS-1123 label: at most 63 lower-case alphanumerics or '-', alphanumeric at both ends.</summary>
    public static bool IsDnsLabel([NotNullWhen(true)] string? name) => !string.IsNullOrEmpty(name) && name.Length <= MaxLabelLength && IsLabelText(name);

    /// <summary>
    /// True for an object uid as the API server assigns them (a UUID; tolerated: up to 64 alphanumerics and '-'),
    /// so a uid can go into a field selector without changing its meaning.
    /// </summary>
    public static bool IsUid([NotNullWhen(true)] string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > 64)
        {
            return false;
        }

        foreach (var c in uid)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True for a kind as owner references name them (<c>Deployment</c>, <c>Rollout</c>): an identifier, at most 63
    /// characters, so it can be shown and put into <c>kind/name</c> for kubectl.
    /// </summary>
    public static bool IsKind([NotNullWhen(true)] string? kind)
    {
        if (string.IsNullOrEmpty(kind) || kind.Length > MaxLabelLength || !char.IsAsciiLetter(kind[0]))
        {
            return false;
        }

        foreach (var c in kind)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLabelText(string label)
    {
        if (label.Length == 0 || label.Length > MaxLabelLength || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!(char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
