using PullDoctor.Core.References;
using PullDoctor.Core.Remediation;

namespace PullDoctor.Registry.Credentials;

/// <summary>
/// Chooses pull secret entries for an image exactly as the kubelet's keyring does
/// (pkg/credentialprovider/keyring.go): keys lose their scheme and a <c>/v1/</c> or <c>/v2/</c> path; the index is
/// sorted in reverse so more specific keys come first; a key matches when ports are equal, the host has as many
/// labels and each label glob-matches, and the key's path is a prefix of the repository path; when nothing
/// matches, Docker Hub images fall back to the <c>index.docker.io</c> entry.
/// </summary>
public static class CredentialKeyring
{
    private const string DefaultRegistryKey = "index.docker.io";

    /// <summary>
    /// Every entry of the given configs (secrets, in the pod's order) that applies to the image, in the order the
    /// kubelet tries them.
    /// </summary>
    public static IReadOnlyList<KeyringCandidate> Lookup(IReadOnlyList<DockerConfig> configs, ImageReference image)
    {
        ArgumentNullException.ThrowIfNull(configs);
        ArgumentNullException.ThrowIfNull(image);
        var byKey = new Dictionary<string, List<KeyringCandidate>>(StringComparer.Ordinal);
        for (var i = 0; i < configs.Count; i++)
        {
            foreach (var entry in configs[i].Entries)
            {
                var key = RegistryKey.IndexKeyOf(entry.Key);
                if (key is null)
                {
                    continue;
                }

                if (!byKey.TryGetValue(key, out var list))
                {
                    byKey[key] = list = [];
                }

                list.Add(new KeyringCandidate(i, entry, key));
            }
        }

        var index = byKey.Keys.ToList();
        index.Sort(StringComparer.Ordinal);
        index.Reverse();

        var target = image.Repository;
        var result = new List<KeyringCandidate>();
        foreach (var key in index)
        {
            if (UrlsMatch(key, target))
            {
                result.AddRange(byKey[key]);
            }
        }

        if (result.Count == 0 && IsDefaultRegistryMatch(target) && byKey.TryGetValue(DefaultRegistryKey, out var hub))
        {
            result.AddRange(hub);
        }

        return result;
    }

    /// <summary>What one secret's config offers for the image: the entry to use, or the exact reason there is none.</summary>
    public static CredentialMatch Match(DockerConfig config, ImageReference image)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(image);
        var candidates = Lookup([config], image);
        var usable = candidates.FirstOrDefault(c => c.Entry.IsUsable);
        if (usable is not null)
        {
            return new CredentialMatch(PullSecretState.Found, usable.Entry.Key, usable.Entry.Credential, null);
        }

        if (candidates.Count > 0)
        {
            var entry = candidates[0].Entry;
            return new CredentialMatch(PullSecretState.Invalid, entry.Key, null, entry.Problem ?? $"the entry for {entry.Key} has no credentials");
        }

        return new CredentialMatch(PullSecretState.NoEntryForRegistry, null, null, DescribeMiss(config, image));
    }

    /// <summary>Parses then matches, folding parse errors into an Invalid match.</summary>
    public static CredentialMatch Match(DockerConfigParseResult parsed, ImageReference image)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return parsed.IsValid ? Match(parsed.Config, image) : new CredentialMatch(PullSecretState.Invalid, null, null, parsed.Error);
    }

    internal static bool UrlsMatch(string glob, string target)
    {
        var globUrl = RegistryKey.ParseSchemeless(glob);
        var targetUrl = RegistryKey.ParseSchemeless(target);
        if (globUrl is null || targetUrl is null)
        {
            return false;
        }

        if (globUrl.Port != targetUrl.Port)
        {
            return false;
        }

        var globLabels = globUrl.Labels;
        var targetLabels = targetUrl.Labels;
        if (globLabels.Length != targetLabels.Length)
        {
            return false;
        }

        if (!targetUrl.Path.StartsWith(globUrl.Path, StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < globLabels.Length; i++)
        {
            if (!GoGlob.Match(globLabels[i], targetLabels[i]))
            {
                return false;
            }
        }

        return true;
    }

    // keyring.go isDefaultRegistryMatch, applied to the repository name the kubelet looks up (docker.io/library/x).
    private static bool IsDefaultRegistryMatch(string image)
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? image : image[..slash];
        if (first.Length == 0)
        {
            return false;
        }

        if (slash < 0 || first is DockerHub.Domain or DockerHub.LegacyDomain)
        {
            return true;
        }

        return first.IndexOfAny(['.', ':']) < 0;
    }

    private static string DescribeMiss(DockerConfig config, ImageReference image)
    {
        var host = image.Domain;
        if (config.Entries.Count == 0)
        {
            return $"the secret has no registry entries; the image is on {host}";
        }

        var keys = config.Entries.Select(e => e.Key).ToList();
        var shown = string.Join(", ", keys.Take(3)) + (keys.Count > 3 ? $" and {keys.Count - 3} more" : string.Empty);
        var hint = keys.Select(k => Hint(k, image)).FirstOrDefault(h => h is not null);
        return $"keyed for {shown}, the image is on {host}" + (hint is null ? string.Empty : $" ({hint})");
    }

    private static string? Hint(string configKey, ImageReference image)
    {
        var indexKey = RegistryKey.IndexKeyOf(configKey);
        var key = indexKey is null ? null : RegistryKey.ParseSchemeless(indexKey);
        var target = RegistryKey.ParseSchemeless(image.Repository);
        if (key is null || target is null)
        {
            return indexKey is null ? $"{configKey} is not a valid registry URL" : null;
        }

        // A near miss of a known registry's host form (ECR without its region, gcr.io for us.gcr.io, …): the exact key.
        if (Core.Registries.RegistryCatalog.WrongKeyForm(key.Host, image.Domain) is { } form)
        {
            return form;
        }

        if (image.IsDockerHub && (key.Host.EndsWith("docker.io", StringComparison.OrdinalIgnoreCase) || key.Host.EndsWith("docker.com", StringComparison.OrdinalIgnoreCase)))
        {
            return $"for Docker Hub the kubelet looks for https://index.docker.io/v1/, index.docker.io or docker.io, not {configKey}";
        }

        if (string.Equals(key.Host, target.Host, StringComparison.OrdinalIgnoreCase) && key.Host != target.Host)
        {
            return "host names are compared case-sensitively; write the key in lower case";
        }

        if (key.Host == target.Host && key.Port != target.Port)
        {
            return key.Port.Length == 0
                ? $"the key has no port but the image names port {target.Port}; the port must match"
                : $"the key names port {key.Port} but the image {(target.Port.Length == 0 ? "names none" : "names " + target.Port)}; the port must match";
        }

        if (key.Authority == target.Authority && !target.Path.StartsWith(key.Path, StringComparison.Ordinal))
        {
            return $"the key's path {key.Path} is not a prefix of the repository path {target.Path}";
        }

        if (key.Host.Contains('*', StringComparison.Ordinal) && key.Labels.Length != target.Labels.Length)
        {
            return "each * matches exactly one label of the host name";
        }

        return null;
    }
}
