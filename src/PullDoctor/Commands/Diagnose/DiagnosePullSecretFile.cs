using System.Text.Json;
using System.Text.Json.Nodes;
using PullDoctor.Cli.Input;
using PullDoctor.Registry.Credentials;

namespace PullDoctor.Cli.Commands.Diagnose;

/// <summary>
/// Reads the <c>--pull-secret</c> file: a Secret object (<c>kubectl get secret NAME -o yaml|json</c>) or a docker
/// config.json / legacy .dockercfg. A file that is not such a document at all (too large, not text, nested too
/// deep, not JSON or YAML, fields of the wrong type) is a usage error, thrown as <see cref="InputException"/> before
/// any probe; what the kubelet would make of a well-formed secret (wrong type, missing key, bad auth) is the
/// registry library's <see cref="DockerConfigParseResult"/>, part of the diagnosis.
/// </summary>
internal static class DiagnosePullSecretFile
{
    /// <summary>A pull secret is a few KiB; this leaves room for hundreds of registries.</summary>
    public const long MaxBytes = 1024 * 1024;

    public static async Task<DockerConfigParseResult> ReadAsync(string path, Stream stdin, CancellationToken cancellationToken)
    {
        var bytes = await BoundedInput.ReadAsync(path, stdin, MaxBytes, $"--pull-secret {path}", $"--pull-secret: {path}", cancellationToken);
        return Parse(bytes, $"--pull-secret {path}");
    }

    public static DockerConfigParseResult Parse(byte[] content, string what)
    {
        var text = StrictUtf8.Decode(content, what).TrimStart(' ', '\t', '\r', '\n');
        if (text.Length == 0)
        {
            throw new InputException($"{what} is empty");
        }

        NestingLimit.Check(text, what);
        var isJson = text.StartsWith('{');
        using var document = isJson ? ParseJson(text, what) : ToDocument(YamlToJson.Convert(text, what));
        var root = UntrustedJson.Root(document.RootElement, what, int.MaxValue);
        if (!root.IsObject)
        {
            throw new InputException($"{what}: the document is {UntrustedJson.Describe(root.Kind)}, expected a Secret or a docker config");
        }

        if (root.Has("kind"))
        {
            return ReadSecret(root, what);
        }

        // A docker config.json or legacy .dockercfg: what its entries mean is the registry library's to say.
        return isJson
            ? DockerConfigParser.ParseAny(content)
            : throw new InputException($"{what} has no kind: Secret; give 'kubectl get secret NAME -o yaml' or a docker config.json");
    }

    private static DockerConfigParseResult ReadSecret(UntrustedJson root, string what)
    {
        var kind = root.String("kind");
        if (kind != "Secret")
        {
            throw new InputException($"{what}: the file is a Kubernetes {kind ?? "object without a kind"}, not a Secret");
        }

        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in root.Object("data")?.Properties() ?? [])
        {
            try
            {
                data[key] = Convert.FromBase64String(value.RequireString());
            }
            catch (FormatException)
            {
                throw new InputException($"{what}: {value.Path} is not valid base64");
            }
        }

        foreach (var (key, value) in root.Object("stringData")?.Properties() ?? [])
        {
            data[key] = System.Text.Encoding.UTF8.GetBytes(value.RequireString());
        }

        return DockerConfigParser.ParseSecret(root.String("type"), data);
    }

    private static JsonDocument ParseJson(string text, string what)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = NestingLimit.MaxDepth });
        }
        catch (JsonException ex)
        {
            throw new InputException($"{what} is not valid JSON (line {(ex.LineNumber ?? 0) + 1})");
        }
    }

    private static JsonDocument ToDocument(JsonNode? node) =>
        JsonDocument.Parse(node?.ToJsonString() ?? "null", new JsonDocumentOptions { MaxDepth = NestingLimit.MaxDepth * 2 });
}
