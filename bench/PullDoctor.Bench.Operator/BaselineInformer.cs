using k8s;
using k8s.Models;

namespace PullDoctor.Bench.Operator;

/// <summary>
/// The comparison point for memory: what client-go's default informer (and controller-runtime's cache) does — list
/// every pod in pages of 500, keep each full object in a map, then watch and apply every event. Run as its own
/// process (<c>baseline --kubeconfig PATH</c>); prints <c>synced N</c> once the list is cached.
/// </summary>
internal static class BaselineInformer
{
    public static async Task<int> RunAsync(string kubeconfig)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
        using var client = new Kubernetes(config);
        var cache = new Dictionary<string, V1Pod>(StringComparer.Ordinal);
        string? token = null;
        string? rv = null;
        do
        {
            var page = await client.CoreV1.ListPodForAllNamespacesAsync(limit: 500, continueParameter: token);
            foreach (var pod in page.Items)
            {
                cache[Key(pod)] = pod;
            }

            token = page.Metadata.ContinueProperty;
            rv = page.Metadata.ResourceVersion;
        }
        while (!string.IsNullOrEmpty(token));

        Console.WriteLine($"synced {cache.Count}");
        var events = 0L;
        await foreach (var (type, pod) in client.CoreV1.WatchListPodForAllNamespacesAsync(resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: 3600))
        {
            switch (type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    cache[Key(pod)] = pod;
                    break;
                case WatchEventType.Deleted:
                    cache.Remove(Key(pod));
                    break;
                default:
                    break;
            }

            if (++events % 1000 == 0)
            {
                Console.WriteLine($"events {events}");
            }
        }

        return 0;
    }

    private static string Key(V1Pod pod) => pod.Metadata.NamespaceProperty + "/" + pod.Metadata.Name;
}
