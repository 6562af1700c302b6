using System.Collections.Concurrent;

namespace PullDoctor.RegistryFixtures;

/// <summary>
/// Builds each distinct layout once per test run and reuses it for every push, so pushing stays a single
/// skopeo invocation.
/// </summary>
internal static class OciLayoutCache
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<OciLayout>>> Layouts = new(StringComparer.Ordinal);
    private static readonly Lazy<TempDirectory> Root = new(() => TempDirectory.Create("layouts"), LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<OciLayout> SingleAsync(ImagePlatform platform, ManifestFormat format) =>
        GetAsync($"single-{format}-{platform}", () => TestImageBuilder.Single(platform, format));

    public static Task<OciLayout> IndexAsync(IReadOnlyList<ImagePlatform> platforms, ManifestFormat format) =>
        GetAsync($"index-{format}-{string.Join('+', platforms)}", () => TestImageBuilder.Index(platforms, format));

    public static Task<OciLayout> HelmChartAsync() => GetAsync("artifact-helm", TestImageBuilder.HelmChartArtifact);

    private static Task<OciLayout> GetAsync(string key, Func<TestImage> build)
    {
        var lazy = Layouts.GetOrAdd(key, k => new Lazy<Task<OciLayout>>(
            () => OciLayout.WriteAsync(Root.Value.Sub(k.Replace('/', '_')), build(), CancellationToken.None),
            LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value;
    }
}
