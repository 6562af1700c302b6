using PullDoctor.Operator.Tests.Support;
using PullDoctor.Testing.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace PullDoctor.Operator.Tests.E2E;

/// <summary>
/// The (verb, group, resource) of every API call the operator makes must be granted by deploy/rbac.yaml, and
/// every grant must be used: least privilege, checked against what really happened.
/// </summary>
public sealed class RbacTests
{
    private static readonly Lazy<IReadOnlySet<(string Verb, string Group, string Resource)>> Granted = new(LoadGrants);

    /// <summary>Called by every end-to-end test's teardown: nothing the operator did may be missing from the RBAC rules.</summary>
    public static void AssertAllowed(IEnumerable<RequestRecord> operatorRequests)
    {
        ArgumentNullException.ThrowIfNull(operatorRequests);
        var missing = operatorRequests
            .Where(r => r.Verb.Length > 0)
            .Select(r => (r.Verb, r.Group, r.ResourceWithSubresource))
            .Distinct()
            .Where(call => !Granted.Value.Contains(call))
            .Select(c => $"{c.Verb} {c.Group}/{c.ResourceWithSubresource}")
            .ToArray();
        Assert.That(missing, Is.Empty, "API calls not granted by deploy/rbac.yaml");
    }

    public static IReadOnlySet<(string Verb, string Group, string Resource)> Grants => Granted.Value;

    private static HashSet<(string Verb, string Group, string Resource)> LoadGrants()
    {
        var grants = new HashSet<(string, string, string)>();
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepositoryPaths.Of("deploy/rbac.yaml"))));
        foreach (var document in stream.Documents)
        {
            var root = (YamlMappingNode)document.RootNode;
            var kind = ((YamlScalarNode)root[new YamlScalarNode("kind")]).Value;
            if (kind is not ("ClusterRole" or "Role"))
            {
                continue;
            }

            foreach (var rule in ((YamlSequenceNode)root[new YamlScalarNode("rules")]).Children.Cast<YamlMappingNode>())
            {
                foreach (var group in Values(rule, "apiGroups"))
                {
                    foreach (var resource in Values(rule, "resources"))
                    {
                        foreach (var verb in Values(rule, "verbs"))
                        {
                            grants.Add((verb, group, resource));
                        }
                    }
                }
            }
        }

        return grants;
    }

    private static IEnumerable<string> Values(YamlMappingNode rule, string key) =>
        ((YamlSequenceNode)rule[new YamlScalarNode(key)]).Children.Select(n => ((YamlScalarNode)n).Value ?? string.Empty);
}
