using System.Text.Json;
using System.Text.RegularExpressions;

namespace PullDoctor.Registry.Probe;

/// <summary>
/// The parts of a manifest or index the probe looks at, each checked against its grammar (media types, digests,
/// platforms) and bounded in number: at most <see cref="MaxEntries"/> layers or index entries are considered.
/// </summary>
internal sealed partial record ParsedManifest(string? MediaType, string? ArtifactType, ManifestDescriptor? Config, IReadOnlyList<string> Layers, IReadOnlyList<ManifestDescriptor> Children)
{
    /// <summary>Real indexes list a few dozen platforms and images a few hundred layers at most.</summary>
    public const int MaxEntries = 1024;

    public static ParsedManifest Read(byte[] body, string? contentType)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ParsedManifest(MediaTypeOf(contentType), null, null, [], []);
            }

            var mediaType = MediaTypeOf(String(root, "mediaType")) ?? MediaTypeOf(contentType);
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
                ? l.EnumerateArray().Take(MaxEntries).Select(Descriptor).Where(d => d is not null).Select(d => d!.Digest).ToList()
                : [];
            var children = root.TryGetProperty("manifests", out var m) && m.ValueKind == JsonValueKind.Array
                ? m.EnumerateArray().Take(MaxEntries).Select(Descriptor).Where(d => d is not null).Select(d => d!).ToList()
                : [];
            return new ParsedManifest(mediaType, MediaTypeOf(String(root, "artifactType")), config, layers, children);
        }
        catch (JsonException)
        {
            return new ParsedManifest(MediaTypeOf(contentType), null, null, [], []);
        }
    }

    public string Describe() => Children.Count > 0
        ? $"{MediaType}, {Children.Count} manifests"
        : $"{MediaType}{(Config is null ? string.Empty : $", {Layers.Count} layers")}";

    private static ManifestDescriptor? Descriptor(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || String(element, "digest") is not { } digest || !DigestGrammar().IsMatch(digest))
        {
            return null;
        }

        // A platform outside its grammar is no platform: the entry is not offered as an image for any node.
        Platform? platform = null;
        if (element.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object
            && String(p, "os") is { Length: > 0 } os && String(p, "architecture") is { Length: > 0 } arch
            && os != "unknown" && arch != "unknown"
            && Platform.TryCreate(os, arch, String(p, "variant"), out var parsed))
        {
            platform = parsed;
        }

        var attestation = element.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object
            && String(a, "vnd.docker.reference.type") == "attestation-manifest";
        return new ManifestDescriptor(digest, MediaTypeOf(String(element, "mediaType")), platform, attestation);
    }

    private static string? MediaTypeOf(string? text) => text is { Length: <= 255 } && MediaTypeGrammar().IsMatch(text) ? text : null;

    // OCI image spec: algorithm ":" encoded.
    [GeneratedRegex("^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{1,256}$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestGrammar();

    // RFC 6838 type/subtype names (restricted-name-chars), optionally followed by parameters we ignore.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$", RegexOptions.CultureInvariant)]
    private static partial Regex MediaTypeGrammar();

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
