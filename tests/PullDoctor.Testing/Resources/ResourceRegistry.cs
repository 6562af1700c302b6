namespace PullDoctor.Testing.Resources;

/// <summary>
/// What the server serves: built-in resources plus those of established CRDs. Lookups are by
/// group/version/plural (URLs) and by apiVersion/kind (YAML loading); discovery reads it in order.
/// </summary>
public sealed class ResourceRegistry
{
    private readonly Lock _gate = new();
    private readonly List<ResourceType> _types = [];

    public ResourceRegistry(IEnumerable<ResourceType> builtIns)
    {
        ArgumentNullException.ThrowIfNull(builtIns);
        _types.AddRange(builtIns);
    }

    public IReadOnlyList<ResourceType> All
    {
        get
        {
            lock (_gate)
            {
                return _types.ToArray();
            }
        }
    }

    public ResourceType? Find(string group, string version, string plural)
    {
        lock (_gate)
        {
            return _types.Find(t => t.Group == group && t.Version == version && t.Plural == plural);
        }
    }

    public ResourceType? FindByKind(string apiVersion, string kind)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? (string.Empty, apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        lock (_gate)
        {
            // events.k8s.io and core both have kind Event; the group decides.
            return _types.Find(t => t.Group == group && t.Version == version && t.Kind == kind);
        }
    }

    /// <summary>The group's versions in preference order (the first is preferred).</summary>
    public IReadOnlyList<string> Versions(string group)
    {
        lock (_gate)
        {
            return _types.Where(t => t.Group == group).Select(t => t.Version).Distinct().OrderByDescending(VersionPriority).ToArray();
        }
    }

    public IReadOnlyList<string> Groups()
    {
        lock (_gate)
        {
            return _types.Select(t => t.Group).Where(g => g.Length > 0).Distinct().ToArray();
        }
    }

    /// <summary>Replaces the resource types of one CRD (all its served versions), or removes them.</summary>
    public void ReplaceCustom(string crdName, IReadOnlyList<ResourceType> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        lock (_gate)
        {
            _types.RemoveAll(t => t.CrdName == crdName);
            _types.AddRange(types);
        }
    }

    /// <summary>Kubernetes version priority: GA over beta over alpha, higher numbers first.</summary>
    public static int VersionPriority(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var m = System.Text.RegularExpressions.Regex.Match(version, "^v(\\d+)(?:(alpha|beta)(\\d+))?$");
        if (!m.Success)
        {
            return 0;
        }

        var major = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var stage = m.Groups[2].Value switch { "" => 3, "beta" => 2, _ => 1 };
        var minor = m.Groups[3].Success ? int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (stage * 1_000_000) + (major * 1000) + minor;
    }
}
