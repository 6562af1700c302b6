using System.Text.Json;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Informers.PodStream;

/// <summary>
/// Decodes one pod's UTF-8 JSON into a <see cref="DecodedPod"/>: one scan decides (key, resourceVersion, stuck or
/// not); only a stuck pod is read a second time for its projection. Syntax errors and mistyped fields it reads throw
/// <see cref="JsonException"/>, as deserializing a <c>V1Pod</c> does; fields it skips are not type-checked.
/// </summary>
internal static class PodJsonDecoder
{
    /// <summary>The serializer's default nesting limit, kept so a pod nested deeper fails here as it does there.</summary>
    internal const int MaxDepth = 64;

    /// <param name="json">One pod object.</param>
    /// <param name="project">False for deletions and bookmarks, which only need the key and resourceVersion.</param>
    public static DecodedPod Decode(ReadOnlySpan<byte> json, bool project = true) => Decode(json, project, out _);

    /// <summary>As <see cref="Decode(ReadOnlySpan{byte}, bool)"/>; also gives the object's kind (a watch ERROR carries a Status).</summary>
    internal static DecodedPod Decode(ReadOnlySpan<byte> json, bool project, out string? kind)
    {
        var scan = PodHeaderScan.Read(json);
        kind = scan.Kind;
        var key = new ObjectKey(scan.Namespace, scan.Name ?? string.Empty);
        if (!project)
            return new DecodedPod(key, scan.ResourceVersion, null);
        if (scan.NullStatus)
            return DecodedPod.Invalid(key, scan.ResourceVersion, "a container status list holds a null item");
        if (!scan.Stuck)
            return new DecodedPod(key, scan.ResourceVersion, null);

        var projection = PodJsonProjection.Read(json);
        return projection.HasNullItem
            ? DecodedPod.Invalid(key, scan.ResourceVersion, "a list of the pod holds a null item")
            : new DecodedPod(key, scan.ResourceVersion, projection.ToSnapshot());
    }
}
