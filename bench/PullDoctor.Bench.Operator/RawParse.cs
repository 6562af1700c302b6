using System.Diagnostics;
using System.Text;
using k8s;
using k8s.Models;

namespace PullDoctor.Bench.Operator;

/// <summary>
/// The limit: System.Text.Json deserialization (KubernetesJson, the serializer the operator's client uses) of exactly
/// the bytes the operator received — LIST pages of 500 and watch event lines — and nothing else. Measured as this
/// process's CPU time (not wall time, which the machine's other load would inflate), after a warm-up pass.
/// </summary>
internal static class RawParse
{
    public static async Task<List<byte[]>> FetchListPagesAsync(HttpClient http)
    {
        var pages = new List<byte[]>();
        string? token = null;
        do
        {
            var url = "/api/v1/pods?limit=500" + (token is null ? string.Empty : "&continue=" + Uri.EscapeDataString(token));
            var body = await http.GetByteArrayAsync(new Uri(url, UriKind.Relative));
            pages.Add(body);
            using var doc = System.Text.Json.JsonDocument.Parse(body);
            token = doc.RootElement.GetProperty("metadata").TryGetProperty("continue", out var c) ? c.GetString() : null;
        }
        while (!string.IsNullOrEmpty(token));
        return pages;
    }

    /// <summary>CPU microseconds per pod to deserialize the LIST pages into V1PodList.</summary>
    public static double MicrosPerListedPod(IReadOnlyList<byte[]> pages)
    {
        var count = 0;
        foreach (var page in pages)
        {
            using var stream = new MemoryStream(page, writable: false);
            count += KubernetesJson.Deserialize<V1PodList>(stream).Items.Count;
        }

        return Measure(() =>
        {
            foreach (var page in pages)
            {
                using var stream = new MemoryStream(page, writable: false);
                _ = KubernetesJson.Deserialize<V1PodList>(stream);
            }
        }, count);
    }

    /// <summary>CPU microseconds per watch event line deserialized as the client's watcher does (one line, one WatchEvent).</summary>
    public static double MicrosPerWatchEvent(IReadOnlyList<byte[]> lines)
    {
        if (lines.Count == 0)
        {
            return double.NaN;
        }

        var texts = lines.Select(l => Encoding.UTF8.GetString(l)).ToArray();
        return Measure(() =>
        {
            foreach (var line in texts)
            {
                _ = KubernetesJson.Deserialize<Watcher<V1Pod>.WatchEvent>(line);
            }
        }, texts.Length);
    }

    /// <summary>
    /// The floor: CPU microseconds per item of a plain Utf8JsonReader pass over the same bytes, every token read and
    /// nothing built (no strings, no objects). Watch lines one by one; LIST pages as a whole, per listed pod.
    /// </summary>
    public static double MicrosPerReaderPass(IReadOnlyList<byte[]> buffers, int items)
    {
        if (items == 0)
        {
            return double.NaN;
        }

        return Measure(() =>
        {
            foreach (var buffer in buffers)
            {
                var reader = new System.Text.Json.Utf8JsonReader(buffer, new System.Text.Json.JsonReaderOptions { MaxDepth = 256 });
                while (reader.Read())
                {
                }
            }
        }, items);
    }

    public static int PodsIn(IReadOnlyList<byte[]> pages)
    {
        var count = 0;
        foreach (var page in pages)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(page);
            count += doc.RootElement.GetProperty("items").GetArrayLength();
        }

        return count;
    }

    private static double Measure(Action pass, int items)
    {
        pass(); // warm-up: JIT and serializer metadata, which the long-running operator has paid long ago
        GC.Collect();
        var best = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            pass();
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds;
            best = Math.Min(best, cpu);
        }

        return best / items;
    }
}
