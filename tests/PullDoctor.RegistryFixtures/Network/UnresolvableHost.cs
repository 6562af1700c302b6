namespace PullDoctor.RegistryFixtures;

/// <summary>
/// Host names that cannot resolve: RFC 6761 reserves <c>.invalid</c>, so resolvers answer NXDOMAIN without
/// asking anyone, and tests never reach an outside host.
/// </summary>
public static class UnresolvableHost
{
    public const string Name = "registry.pulldoctor.invalid";

    /// <summary>A distinct unresolvable name, so no negative DNS cache entry is shared between tests.</summary>
    public static string Unique() => $"registry-{Guid.NewGuid():N}.pulldoctor.invalid";
}
