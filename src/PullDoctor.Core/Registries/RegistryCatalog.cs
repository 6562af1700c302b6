using System.Collections.Frozen;
using System.Text.RegularExpressions;
using PullDoctor.Core.Causes;
using PullDoctor.Core.References;

namespace PullDoctor.Core.Registries;

/// <summary>
/// The registries PullDoctor knows, one table each: host forms, the challenges they answer with, how nodes usually
/// authenticate, their error wordings and the fix per cause and auth path. Recognition parses structure (the host's
/// grammar, the challenge's realm and service), never a phrase; nothing here is ever dialled.
/// </summary>
public static partial class RegistryCatalog
{
    // kubernetes/cloud-provider-aws cmd/ecr-credential-provider/main.go, ecrPrivateHostPattern (the hosts the kubelet's
    // ECR provider serves): account, optional -fips, region, partition domain.
    [GeneratedRegex(@"^(\d{12})\.dkr[\.\-]ecr(\-fips)?\.([a-zA-Z0-9][a-zA-Z0-9-_]*)\.(amazonaws\.com(?:\.cn)?|on\.(?:aws|amazonwebservices\.com\.cn)|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$", RegexOptions.CultureInvariant)]
    private static partial Regex EcrHost();

    // An ECR-looking host without its region (a pull secret keyed "123456789012.dkr.ecr.amazonaws.com").
    [GeneratedRegex(@"^(\d{12})\.dkr\.ecr\.amazonaws\.com(\.cn)?$", RegexOptions.CultureInvariant)]
    private static partial Regex EcrHostWithoutRegion();

    // Artifact Registry Docker hosts: LOCATION-docker.pkg.dev (cloud.google.com/artifact-registry/docs/docker/pushing-and-pulling).
    [GeneratedRegex(@"^([a-z]+(?:-[a-z]+[0-9]*)?)-docker\.pkg\.dev$", RegexOptions.CultureInvariant)]
    private static partial Regex ArtifactRegistryHost();

    // ACR login servers: NAME.azurecr.io (5-50 alphanumerics), sovereign clouds .cn / .us, and geo-replica data endpoints.
    [GeneratedRegex(@"^([a-z0-9]{5,50})(?:\.[a-z0-9-]+\.data)?\.azurecr\.(?:io|cn|us)$", RegexOptions.CultureInvariant)]
    private static partial Regex AcrHost();

    [GeneratedRegex(@"^[a-z0-9-]+\.jfrog\.io$", RegexOptions.CultureInvariant)]
    private static partial Regex JFrogCloudHost();

    private static readonly FrozenDictionary<string, string> GcrLocations = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // The Artifact Registry gcr.io repositories that serve each legacy host (cloud.google.com/artifact-registry/docs/transition/gcr-repositories).
        ["gcr.io"] = "us",
        ["us.gcr.io"] = "us",
        ["eu.gcr.io"] = "europe",
        ["asia.gcr.io"] = "asia",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<RegistryKind, RegistryProfile> ByKind = RegistryTables.All.ToFrozenDictionary(p => p.Kind);

    // The registries that deny a missing and a private repository alike, by their own fixed hosts (the host forms that
    // are host names): what the classifier reads a message's hosts against.
    private static readonly FrozenDictionary<string, RegistryProfile> DenyingAlikeByHost = RegistryTables.All
        .Where(p => p.DeniesMissingAndPrivateAlike is not null)
        .SelectMany(p => p.HostForms.Where(ReferenceGrammar.IsHost).Select(h => KeyValuePair.Create(h, p)))
        .ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, RegistryProfile>.AlternateLookup<ReadOnlySpan<char>> DenyingAlikeBySpan =
        DenyingAlikeByHost.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Every known registry, in the order of the tables.</summary>
    public static IReadOnlyList<RegistryProfile> All => RegistryTables.All;

    public static RegistryProfile Get(RegistryKind kind) => ByKind.TryGetValue(kind, out var profile) ? profile : ByKind[RegistryKind.Other];

    /// <summary>
    /// The registry on <paramref name="host"/> (one of its fixed hosts, e.g. <c>quay.io</c>, <c>ghcr.io</c>) when it
    /// denies a missing and a private repository alike (<see cref="RegistryProfile.DeniesMissingAndPrivateAlike"/>); else null.
    /// </summary>
    public static RegistryProfile? DenyingAlike(ReadOnlySpan<char> host) =>
        host.Length > 0 && DenyingAlikeBySpan.TryGetValue(host, out var profile) ? profile : null;

    /// <summary>The registry a host belongs to, with the parts the host names; null for a host no table knows.</summary>
    public static RegistryMatch? ByHost(string? host)
    {
        if (!ReferenceGrammar.IsHost(host))
        {
            return null;
        }

        var name = host!.ToLowerInvariant();
        if (name.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
        {
            name = name[..colon];
        }

        if (EcrHost().Match(name) is { Success: true } ecr)
        {
            return new RegistryMatch(RegistryKind.Ecr, host) { Account = ecr.Groups[1].Value, Region = ecr.Groups[3].Value };
        }

        if (ArtifactRegistryHost().Match(name) is { Success: true } ar)
        {
            return new RegistryMatch(RegistryKind.ArtifactRegistry, host) { Location = ar.Groups[1].Value };
        }

        if (GcrLocations.TryGetValue(name, out var gcrLocation))
        {
            return new RegistryMatch(RegistryKind.GoogleContainerRegistry, host) { Location = gcrLocation };
        }

        if (AcrHost().Match(name) is { Success: true } acr)
        {
            return new RegistryMatch(RegistryKind.Acr, host) { RegistryName = acr.Groups[1].Value };
        }

        if (JFrogCloudHost().IsMatch(name))
        {
            return new RegistryMatch(RegistryKind.Artifactory, host);
        }

        return name switch
        {
            "public.ecr.aws" => new RegistryMatch(RegistryKind.EcrPublic, host),
            "ghcr.io" or "docker.pkg.github.com" => new RegistryMatch(RegistryKind.Ghcr, host),
            DockerHub.Domain or DockerHub.RegistryHost or DockerHub.LegacyDomain => new RegistryMatch(RegistryKind.DockerHub, host),
            "quay.io" => new RegistryMatch(RegistryKind.Quay, host),
            "registry.gitlab.com" => new RegistryMatch(RegistryKind.GitLab, host),
            "registry.k8s.io" or "k8s.gcr.io" => new RegistryMatch(RegistryKind.KubernetesRegistry, host),
            "mirror.gcr.io" => new RegistryMatch(RegistryKind.Mirror, host),
            _ => null,
        };
    }

    /// <summary>
    /// The registry an answer came from, known by its <c>WWW-Authenticate</c> challenge: a realm on a known registry
    /// host (ECR's Basic realm is its own host; ACR's token realm is on the login server) or a signature of its
    /// product (Harbor's <c>service="harbor-registry"</c>, Nexus's Basic realm, GitLab's <c>container_registry</c>). A realm
    /// on the dialled host itself stands for the registry's own host (ACR, GHCR, Quay and Artifact Registry serve their
    /// token realm on the registry host), so a mirror or a recording answering with that realm's path and service is
    /// known too.
    /// </summary>
    public static RegistryMatch? ByChallenge(string host, string scheme, string? realm, string? service)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(scheme);
        Uri.TryCreate(realm, UriKind.Absolute, out var realmUri);
        foreach (var profile in All)
        {
            foreach (var signature in profile.Challenges)
            {
                if (!string.Equals(signature.Scheme, scheme, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var realmMatches = signature.RealmName is not null
                    ? string.Equals(realm, signature.RealmName, StringComparison.Ordinal)
                    : (signature.RealmHost is null && signature.RealmPath is null)
                        || (realmUri is not null
                            && (signature.RealmHost is null || Glob(signature.RealmHost, realmUri.Host) || string.Equals(realmUri.Authority, host, StringComparison.OrdinalIgnoreCase))
                            && (signature.RealmPath is null || Glob(signature.RealmPath, realmUri.AbsolutePath)));
                var serviceMatches = signature.Service is null || service is not null && Glob(signature.Service, service);
                if (!realmMatches || !serviceMatches)
                {
                    continue;
                }

                // The realm (or service) names the registry's host: its parts come from there, not from the host dialled.
                var named = realmUri is not null && ByHost(realmUri.Host) is { } byRealm && byRealm.Kind == profile.Kind ? byRealm
                    : service is not null && ByHost(service) is { } byService && byService.Kind == profile.Kind ? byService
                    : new RegistryMatch(profile.Kind, host);
                return named with { ByChallenge = true };
            }
        }

        return null;
    }

    /// <summary>
    /// When a pull secret's key names a registry in a form the kubelet will not match for <paramref name="imageHost"/>,
    /// the exact key to use and why; null when the key is not a near miss of a known registry's form.
    /// </summary>
    public static string? WrongKeyForm(string keyHost, string imageHost)
    {
        ArgumentNullException.ThrowIfNull(keyHost);
        ArgumentNullException.ThrowIfNull(imageHost);
        var image = ByHost(imageHost);
        if (image is null || string.Equals(keyHost, imageHost, StringComparison.Ordinal))
        {
            return null;
        }

        var key = keyHost.ToLowerInvariant();
        switch (image.Kind)
        {
            case RegistryKind.Ecr when EcrHostWithoutRegion().Match(key) is { Success: true } noRegion:
                return noRegion.Groups[1].Value == image.Account
                    ? $"an ECR key must name the region: key it {imageHost}"
                    : $"an ECR key must name the account and region of the image: key it {imageHost}";
            case RegistryKind.Ecr when ByHost(key) is { Kind: RegistryKind.Ecr } other:
                return other.Account != image.Account
                    ? $"the key is for account {other.Account}, the image is in account {image.Account}: key it {imageHost}"
                    : $"the key is for region {other.Region}, the image is in {image.Region}; ECR credentials are per region: key it {imageHost}";
            case RegistryKind.GoogleContainerRegistry when GcrLocations.ContainsKey(key):
                return $"{keyHost} and {imageHost} are different hosts to the kubelet: key it {imageHost}";
            case RegistryKind.ArtifactRegistry when key == "docker.pkg.dev" || ByHost(key) is { Kind: RegistryKind.ArtifactRegistry or RegistryKind.GoogleContainerRegistry }:
                return $"Artifact Registry hosts are per location: key it {imageHost}";
            case RegistryKind.Acr when key.EndsWith(".azurecr.io", StringComparison.Ordinal) || key == "azurecr.io":
                return $"the key must be the registry's login server: key it {imageHost}";
            default:
                return null;
        }
    }

    /// <summary>Re-reads a match from its host (and kind), so parts that did not come from the catalog are not trusted.</summary>
    public static RegistryMatch? Revalidate(RegistryMatch? match)
    {
        if (match is null || !ReferenceGrammar.IsHost(match.Host))
        {
            return null;
        }

        if (ByHost(match.Host) is { } byHost && byHost.Kind == match.Kind)
        {
            return byHost with { ByChallenge = match.ByChallenge };
        }

        // Recognised by its answer on another host (a mirror, a loopback recording): the kind only, plus the parts that
        // pass their grammar.
        return Enum.IsDefined(match.Kind)
            ? new RegistryMatch(match.Kind, match.Host)
            {
                ByChallenge = true,
                Account = match.Account is { Length: 12 } a && a.All(char.IsAsciiDigit) ? a : null,
                Region = IsLabel(match.Region) ? match.Region : null,
                Location = IsLabel(match.Location) ? match.Location : null,
                RegistryName = match.RegistryName is { Length: >= 5 and <= 50 } n && n.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)) ? n : null,
            }
            : null;
    }

    private static bool IsLabel(string? value) =>
        value is { Length: > 0 and <= 63 } v && v.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && v[0] != '-' && v[^1] != '-';

    // '*' stands for one or more characters that are not '.' or '/'.
    private static bool Glob(string pattern, string value)
    {
        var regex = "^" + Regex.Escape(pattern).Replace("\\*", "[^./]+", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(value, regex, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(50));
    }
}
