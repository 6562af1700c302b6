using System.Text.RegularExpressions;

namespace PullDoctor.Registry.Credentials;

/// <summary>
/// Whether a token realm belongs to the registry that sent it, so that the registry's credentials may go there:
/// the same host, or the same site — the registrable domain by the Public Suffix List, where registries that give
/// each customer a host of their own (<c>*.azurecr.io</c>, <c>*.jfrog.io</c>, ECR's
/// <c>ACCOUNT.dkr.ecr.REGION.amazonaws.com</c>) count every such host as a site of its own — and the same port.
/// </summary>
internal static partial class RegistrySite
{
    /// <summary>Shared registry domains under which each label is another customer's registry (not in the PSL).</summary>
    private static readonly string[] TenantSuffixes = ["azurecr.io", "azurecr.cn", "azurecr.us", "jfrog.io"];

    /// <summary>True when the realm is on the registry's site and port (the scheme is the transport's rule).</summary>
    public static bool SameSiteAndPort(Uri realm, Uri registry) => realm.Port == registry.Port && SameSite(realm, registry);

    /// <summary>True when the two hosts are the same, or DNS names on the same site.</summary>
    public static bool SameSite(Uri realm, Uri registry)
    {
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(registry);
        if (string.Equals(realm.IdnHost, registry.IdnHost, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (realm.HostNameType != UriHostNameType.Dns || registry.HostNameType != UriHostNameType.Dns)
        {
            return false;
        }

        var realmSite = Site(realm.IdnHost);
        return realmSite is not null && string.Equals(realmSite, Site(registry.IdnHost), StringComparison.Ordinal);
    }

    /// <summary>The site of a DNS name: its tenant host under a shared registry domain, else its registrable domain.</summary>
    internal static string? Site(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        if (EcrHost().Match(name) is { Success: true } ecr)
        {
            return ecr.Value;
        }

        foreach (var suffix in TenantSuffixes)
        {
            if (name.EndsWith("." + suffix, StringComparison.Ordinal))
            {
                var tenant = name[..^(suffix.Length + 1)];
                return tenant.LastIndexOf('.') is var dot and >= 0 ? $"{tenant[(dot + 1)..]}.{suffix}" : name;
            }
        }

        return PublicSuffixList.Default.RegistrableDomain(name);
    }

    // ECR private registries: one host per account and region (also FIPS endpoints and the China partition).
    [GeneratedRegex(@"[0-9]{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex EcrHost();
}
