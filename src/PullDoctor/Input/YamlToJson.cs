using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PullDoctor.Cli.Input;

/// <summary>
/// Turns a YAML document into a JSON tree, typing plain scalars by the YAML 1.2 core schema as kubectl's YAML
/// reader does (<c>5</c> is a number, <c>true</c> a boolean, <c>~</c> null), so that one typed reader
/// (<see cref="UntrustedJson"/>) serves YAML and JSON. Call <see cref="NestingLimit.Check"/> first: the YAML parser
/// recurses per level. Aliases may repeat a node many times over (billion laughs); a node budget bounds the tree.
/// </summary>
internal static partial class YamlToJson
{
    public const int MaxNodes = 100_000;

    /// <param name="what">How messages name the input.</param>
    public static JsonNode? Convert(string yaml, string what)
    {
        var stream = Load(yaml, what);
        var budget = MaxNodes;
        return Convert(stream.Documents[0].RootNode, string.Empty, what, ref budget);
    }

    /// <summary>Every document of a stream (<c>---</c> between them), one node budget for all.</summary>
    public static IReadOnlyList<JsonNode?> ConvertAll(string yaml, string what)
    {
        var stream = Load(yaml, what);
        var budget = MaxNodes;
        var documents = new List<JsonNode?>();
        foreach (var document in stream.Documents)
        {
            documents.Add(Convert(document.RootNode, string.Empty, what, ref budget));
        }

        return documents;
    }

    private static YamlStream Load(string yaml, string what)
    {
        YamlStream stream;
        try
        {
            stream = new YamlStream();
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new InputException($"{what} is not valid YAML (line {ex.Start.Line}): {OneLine(ex.Message)}");
        }
        catch (ArgumentException ex)
        {
            // A mapping with the same key twice.
            throw new InputException($"{what} is not valid YAML: {OneLine(ex.Message)}");
        }

        if (stream.Documents.Count == 0)
        {
            throw new InputException($"{what} holds no YAML document");
        }

        return stream;
    }

    private static JsonNode? Convert(YamlNode node, string path, string what, ref int budget)
    {
        if (--budget < 0)
        {
            throw new InputException($"{what} has more than {MaxNodes} YAML nodes (aliases repeating nodes?)");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw new InputException($"{what}: {(path.Length == 0 ? "the document" : path)} has a key that is {Describe(key)}, expected a string");
                    }

                    obj[name] = Convert(value, path.Length == 0 ? name : $"{path}[{name}]", what, ref budget);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item, $"{path}[{index++}]", what, ref budget));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when Number().IsMatch(value) => JsonValue.Create(0),
            _ => JsonValue.Create(value),
        };
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "an object",
        YamlSequenceNode => "an array",
        _ => "not a string",
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    // YAML 1.2 core schema numbers: int (decimal, 0o, 0x) and float (with .inf/.nan).
    [GeneratedRegex(@"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))\z", RegexOptions.CultureInvariant)]
    private static partial Regex Number();
}
