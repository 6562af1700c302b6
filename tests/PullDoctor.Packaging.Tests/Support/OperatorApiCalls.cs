using System.Text.RegularExpressions;

namespace PullDoctor.Packaging.Tests.Support;

/// <summary>
/// The Kubernetes API calls the operator's source makes through KubernetesClient's typed API
/// (<c>client.CoreV1.ReadNamespacedSecretAsync</c> → get core/secrets), plus the Lease calls the library's
/// LeaseLock makes for it, in the files reachable from <c>OperatorApp</c> (what <c>pulldoctor run</c> runs).
/// Static, so it sees code paths no test exercised; the operator's end-to-end suite checks deploy/rbac.yaml
/// against the calls it really recorded.
/// </summary>
internal static partial class OperatorApiCalls
{
    private static readonly Dictionary<string, string> Groups = new(StringComparer.Ordinal)
    {
        ["CoreV1"] = string.Empty,
        ["AppsV1"] = "apps",
        ["BatchV1"] = "batch",
        ["EventsV1"] = "events.k8s.io",
        ["CoordinationV1"] = "coordination.k8s.io",
        ["CustomObjects"] = "pulldoctor.dev",
    };

    // Longest prefix first: WatchList before List, DeleteCollection before Delete.
    private static readonly (string Prefix, string Verb)[] Verbs =
    [
        ("WatchList", "watch"), ("List", "list"), ("Read", "get"), ("Get", "get"), ("Create", "create"),
        ("Replace", "update"), ("Patch", "patch"), ("DeleteCollection", "deletecollection"), ("Delete", "delete"),
    ];

    public static string SourceRoot => RepositoryPaths.Of("src/PullDoctor.Operator");

    /// <summary>The type <c>pulldoctor run</c> builds everything from.</summary>
    public const string EntryType = "OperatorApp";

    /// <summary>(group, resource[/subresource], verb) → the reachable files that make the call.</summary>
    public static IReadOnlyDictionary<(string Group, string Resource, string Verb), IReadOnlyList<string>> Scan() => Scan(ReachableFiles());

    /// <summary>Calls in files <see cref="EntryType"/> does not reach (code not wired into the operator yet).</summary>
    public static IReadOnlyDictionary<(string Group, string Resource, string Verb), IReadOnlyList<string>> ScanUnreachable() =>
        Scan(SourceFiles().Except(ReachableFiles()));

    /// <summary>
    /// Source files reachable from <see cref="EntryType"/>: the code style is one type per file named after it
    /// (partials as <c>Type.Part.cs</c>), so a file's identifiers that name another file's type lead there.
    /// Over-approximates (a mention in a comment counts), never misses a type used by name.
    /// </summary>
    public static IReadOnlySet<string> ReachableFiles()
    {
        var byType = SourceFiles().ToLookup(f => Path.GetFileNameWithoutExtension(f).Split('.')[0], StringComparer.Ordinal);
        var reachable = new HashSet<string>();
        var pending = new Queue<string>(byType[EntryType]);
        while (pending.TryDequeue(out var file))
        {
            if (!reachable.Add(file))
            {
                continue;
            }

            foreach (Match identifier in IdentifierPattern().Matches(File.ReadAllText(file)))
            {
                foreach (var next in byType[identifier.Value])
                {
                    pending.Enqueue(next);
                }
            }
        }

        return reachable;
    }

    private static Dictionary<(string Group, string Resource, string Verb), IReadOnlyList<string>> Scan(IEnumerable<string> files)
    {
        var calls = new Dictionary<(string, string, string), List<string>>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var relative = Path.GetRelativePath(RepositoryPaths.Root, file);
            foreach (Match match in TypedCallPattern().Matches(text))
            {
                Add(calls, Parse(match.Groups["api"].Value, match.Groups["method"].Value), relative);
            }

            // A watch of a custom resource is a list call with watch: true (KubernetesClient has no WatchList for them).
            if (CustomWatchPattern().IsMatch(text))
            {
                Add(calls, (Groups["CustomObjects"], "imagepulldiagnoses", "watch"), relative);
            }

            if (text.Contains("new LeaseLock(", StringComparison.Ordinal))
            {
                // k8s.LeaderElection.ResourceLock.LeaseLock: GET, then POST when missing or PUT to acquire/renew.
                foreach (var verb in new[] { "get", "create", "update" })
                {
                    Add(calls, ("coordination.k8s.io", "leases", verb), relative + " (LeaseLock)");
                }
            }
        }

        return calls.ToDictionary(c => c.Key, c => (IReadOnlyList<string>)c.Value);
    }

    /// <summary>Calls the scan cannot map (generic clients, raw HTTP): each needs a mapping here before it ships.</summary>
    public static IReadOnlyList<string> Unmapped() =>
        [.. SourceFiles()
            .SelectMany(f => UnmappedPattern().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetRelativePath(RepositoryPaths.Root, f)}: {m.Value}"))];

    private static (string Group, string Resource, string Verb) Parse(string api, string method)
    {
        var (prefix, verb) = Verbs.First(v => method.StartsWith(v.Prefix, StringComparison.Ordinal));
        var rest = method[prefix.Length..];
        var subresource = string.Empty;
        if (rest.EndsWith("Status", StringComparison.Ordinal))
        {
            subresource = "/status";
            rest = rest[..^"Status".Length];
        }

        rest = rest.Replace("Namespaced", string.Empty, StringComparison.Ordinal)
            .Replace("ForAllNamespaces", string.Empty, StringComparison.Ordinal)
            .Replace("Cluster", string.Empty, StringComparison.Ordinal);

        // CustomObjects calls carry the plural as an argument; PullDoctor's only custom resource is its CRD.
        var resource = api == "CustomObjects" ? "imagepulldiagnoses" : rest.ToLowerInvariant() + "s";
        return (Groups[api], resource + subresource, verb);
    }

    private static void Add(Dictionary<(string, string, string), List<string>> calls, (string, string, string) call, string file)
    {
        if (!calls.TryGetValue(call, out var files))
        {
            calls[call] = files = [];
        }

        if (!files.Contains(file))
        {
            files.Add(file);
        }
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(SourceRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9]*\b")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"\.(?<api>CoreV1|AppsV1|BatchV1|EventsV1|CoordinationV1|CustomObjects)\s*\.\s*(?<method>[A-Z][A-Za-z0-9]*?)(WithHttpMessages)?Async\b")]
    private static partial Regex TypedCallPattern();

    [GeneratedRegex(@"\.CustomObjects\s*\.\s*List[A-Za-z]*CustomObjectWithHttpMessagesAsync<[^>]*>\([^;]*\bwatch:\s*true")]
    private static partial Regex CustomWatchPattern();

    [GeneratedRegex(@"\bnew\s+GenericClient\b|\.(?:Rbac|Networking|Policy|Storage|Admissionregistration|Apiextensions|Autoscaling|Certificates|Discovery|Node|Scheduling|Authorization|Authentication)[A-Za-z]*V\d\w*\s*\.\s*\w+Async\b")]
    private static partial Regex UnmappedPattern();
}
