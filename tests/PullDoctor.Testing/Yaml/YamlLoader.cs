using System.Globalization;
using System.Text.Json.Nodes;
using PullDoctor.Testing.Storage;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PullDoctor.Testing.Yaml;

/// <summary>YAML (one or many documents) to JSON nodes, with YAML 1.1 scalars typed the way kubectl's sigs.k8s.io/yaml does.</summary>
public static class YamlLoader
{
    public static IReadOnlyList<JsonObject> ParseDocuments(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
        {
            stream.Load(reader);
        }

        var result = new List<JsonObject>();
        foreach (var document in stream.Documents)
        {
            if (Convert(document.RootNode) is JsonObject obj)
            {
                if (obj.GetString("kind") is { } kind && kind.EndsWith("List", StringComparison.Ordinal) && obj["items"] is JsonArray items)
                {
                    result.AddRange(items.OfType<JsonObject>().Select(i => (JsonObject)i.DeepClone()));
                }
                else
                {
                    result.Add(obj);
                }
            }
        }

        return result;
    }

    public static JsonNode? ParseSingle(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            return JsonNode.Parse(text);
        }

        var stream = new YamlStream();
        using (var reader = new StringReader(text))
        {
            stream.Load(reader);
        }

        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    obj[((YamlScalarNode)key).Value ?? string.Empty] = Convert(value);
                }

                return obj;
            case YamlSequenceNode seq:
                return new JsonArray(seq.Children.Select(Convert).ToArray());
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
            default:
                break;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (text.Length > 0 && (char.IsDigit(text[0]) || text[0] is '-' or '+' or '.')
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !text.Contains(':', StringComparison.Ordinal))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(text);
    }
}
