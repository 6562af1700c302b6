using System.Text.Json;

namespace PullDoctor.Registry.Probe;

/// <summary>The parts of a manifest or index the probe looks at.</summary>
internal sealed record ParsedManifest(string? MediaType, string? ArtifactType, ManifestDescriptor? Config, IReadOnlyList<string> Layers, IReadOnlyList<ManifestDescriptor> Children)
{
    public static ParsedManifest Read(byte[] body, string? contentType)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ParsedManifest(contentType, null, null, [], []);
            }

            var mediaType = String(root, "mediaType") ?? contentType;
            if (mediaType is null or "application/json" && root.TryGetProperty("schemaVersion", out var version) && version.ValueKind == JsonValueKind.Number && version.GetInt32() == 1)
            {
                mediaType = MediaTypes.DockerSchema1;
            }
            else if (mediaType is null or "application/json")
            {
                mediaType = root.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex : MediaTypes.OciManifest;
            }

            var config = root.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? Descriptor(c) : null;
            var layers = root.TryGetProperty("layers", out var l) && l.ValueKind == JsonValueKind.Array
                ? l.EnumerateArray().Select(Descriptor).Where(d => d is not null).Select(d => d!.Digest).ToList()
                : [];
            var children = root.TryGetProperty("manifests", out var m) && m.ValueKind == JsonValueKind.Array
                ? m.EnumerateArray().Select(Descriptor).Where(d => d is not null).Select(d => d!).ToList()
                : [];
            return new ParsedManifest(mediaType, String(root, "artifactType"), config, layers, children);
        }
        catch (JsonException)
        {
            return new ParsedManifest(contentType, null, null, [], []);
        }
    }

    public string Describe() => Children.Count > 0
        ? $"{MediaType}, {Children.Count} manifests"
        : $"{MediaType}{(Config is null ? string.Empty : $", {Layers.Count} layers")}";

    private static ManifestDescriptor? Descriptor(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || String(element, "digest") is not { } digest)
        {
            return null;
        }

        Platform? platform = null;
        if (element.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object
            && String(p, "os") is { Length: > 0 } os && String(p, "architecture") is { Length: > 0 } arch
            && os != "unknown" && arch != "unknown")
        {
            platform = Platform.Create(os, arch, String(p, "variant"));
        }

        var attestation = element.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object
            && String(a, "vnd.docker.reference.type") == "attestation-manifest";
        return new ManifestDescriptor(digest, String(element, "mediaType"), platform, attestation);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
