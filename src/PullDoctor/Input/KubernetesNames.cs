using System.Text.RegularExpressions;

namespace PullDoctor.Cli.Input;

/// <summary>
/// The API server's own name grammar (apimachinery validation): a pod name is a DNS-1123 subdomain of at most 253
/// characters, a namespace a DNS-1123 label of at most 63. Checked before any request, so a name like <c>../x</c> or
/// <c>web?watch=true</c> is a usage error instead of a different path or query on the API server.
/// </summary>
internal static partial class KubernetesNames
{
    public const int MaxSubdomainLength = 253;
    public const int MaxLabelLength = 63;

    public static string RequirePodName(string name) =>
        IsSubdomain(name) ? name
        : throw new InputException($"pod name '{name}' is not a valid Kubernetes name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most {MaxSubdomainLength} characters");

    public static string RequireNamespace(string name) =>
        IsLabel(name) ? name
        : throw new InputException($"namespace '{name}' is not a valid Kubernetes namespace: lowercase letters, digits and '-', starting and ending with a letter or digit, at most {MaxLabelLength} characters");

    public static bool IsSubdomain(string name) => name.Length <= MaxSubdomainLength && Subdomain().IsMatch(name);

    public static bool IsLabel(string name) => name.Length <= MaxLabelLength && Label().IsMatch(name);

    // \z, not $: $ also matches before a final newline.
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Subdomain();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Label();
}
