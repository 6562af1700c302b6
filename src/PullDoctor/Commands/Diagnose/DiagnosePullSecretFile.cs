using System.Text;
using PullDoctor.Registry.Credentials;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PullDoctor.Cli.Commands.Diagnose;

/// <summary>
/// Reads the <c>--pull-secret</c> file: JSON (docker config, legacy dockercfg, Secret object) through the
/// registry library, or a Secret as YAML (<c>kubectl get secret NAME -o yaml</c>).
/// </summary>
internal static class DiagnosePullSecretFile
{
    public static DockerConfigParseResult Parse(byte[] content)
    {
        var text = Encoding.UTF8.GetString(content).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.Length == 0)
        {
            return new DockerConfigParseResult(null, "the pull secret file is empty");
        }

        if (text.StartsWith('{'))
        {
            return DockerConfigParser.ParseAny(content);
        }

        return ParseYamlSecret(text);
    }

    private static DockerConfigParseResult ParseYamlSecret(string text)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                return new DockerConfigParseResult(null, "the pull secret file is neither JSON nor a YAML Secret object");
            }

            root = mapping;
        }
        catch (YamlException ex)
        {
            return new DockerConfigParseResult(null, $"the pull secret file is neither JSON nor valid YAML (line {ex.Start.Line})");
        }

        var kind = Scalar(root, "kind");
        if (kind != "Secret")
        {
            return new DockerConfigParseResult(null, kind is null ? "the YAML has no kind: Secret" : $"the file is a Kubernetes {kind}, not a Secret");
        }

        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (Child(root, "data") is YamlMappingNode dataNode)
        {
            foreach (var (key, value) in dataNode.Children)
            {
                try
                {
                    data[((YamlScalarNode)key).Value ?? string.Empty] = Convert.FromBase64String((value as YamlScalarNode)?.Value ?? string.Empty);
                }
                catch (FormatException)
                {
                    return new DockerConfigParseResult(null, $"the Secret's data.{key} is not valid base64");
                }
            }
        }

        if (Child(root, "stringData") is YamlMappingNode stringData)
        {
            foreach (var (key, value) in stringData.Children)
            {
                data[((YamlScalarNode)key).Value ?? string.Empty] = Encoding.UTF8.GetBytes((value as YamlScalarNode)?.Value ?? string.Empty);
            }
        }

        return DockerConfigParser.ParseSecret(Scalar(root, "type"), data);
    }

    private static YamlNode? Child(YamlMappingNode node, string name) =>
        node.Children.TryGetValue(new YamlScalarNode(name), out var child) ? child : null;

    private static string? Scalar(YamlMappingNode node, string name) => (Child(node, name) as YamlScalarNode)?.Value;
}
