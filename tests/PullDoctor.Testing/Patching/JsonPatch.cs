using System.Text.Json.Nodes;
using PullDoctor.Testing.Api;

namespace PullDoctor.Testing.Patching;

/// <summary>RFC 6902 JSON patch (add, remove, replace, move, copy, test), with RFC 6901 pointers.</summary>
public static class JsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonNode? patch)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (patch is not JsonArray operations)
        {
            throw ApiException.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }

        var root = document.DeepClone();
        foreach (var op in operations)
        {
            if (op is not JsonObject operation)
            {
                throw ApiException.BadRequest("invalid JSON patch operation");
            }

            var name = operation["op"]?.ToString() ?? string.Empty;
            var path = operation["path"]?.ToString() ?? throw Unprocessable($"unexpected kind: {name}: missing path");
            switch (name)
            {
                case "add":
                    root = Add(root, path, operation["value"]?.DeepClone());
                    break;
                case "remove":
                    root = Remove(root, path, out _);
                    break;
                case "replace":
                    root = Remove(root, path, out _);
                    root = Add(root, path, operation["value"]?.DeepClone());
                    break;
                case "move":
                    {
                        var from = operation["from"]?.ToString() ?? throw Unprocessable("move operation missing from");
                        root = Remove(root, from, out var moved);
                        root = Add(root, path, moved);
                        break;
                    }

                case "copy":
                    {
                        var from = operation["from"]?.ToString() ?? throw Unprocessable("copy operation missing from");
                        root = Add(root, path, Get(root, from)?.DeepClone());
                        break;
                    }

                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), operation["value"]))
                    {
                        throw Unprocessable($"testing value {path} failed: test failed");
                    }

                    break;
                default:
                    throw ApiException.BadRequest($"Unexpected kind: {name}");
            }
        }

        return root;
    }

    private static ApiException Unprocessable(string message) => new(422, "Invalid", message);

    private static string[] Tokens(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw Unprocessable($"invalid JSON pointer: {pointer}");
        }

        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
    }

    private static JsonNode? Get(JsonNode root, string pointer)
    {
        JsonNode? current = root;
        foreach (var token in Tokens(pointer))
        {
            current = current switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw Unprocessable($"unable to get nonexistent key: {token}: missing value"),
            };
        }

        return current;
    }

    private static JsonNode Add(JsonNode root, string pointer, JsonNode? value)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
        {
            return value ?? throw Unprocessable("cannot replace the document with null");
        }

        var parent = Get(root, "/" + string.Join('/', tokens[..^1].Select(Escape)));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a:
                if (last == "-")
                {
                    a.Add(value);
                }
                else if (int.TryParse(last, out var index) && index >= 0 && index <= a.Count)
                {
                    a.Insert(index, value);
                }
                else
                {
                    throw Unprocessable($"add operation does not apply: doc is missing path: \"{pointer}\": missing value");
                }

                break;
            default:
                throw Unprocessable($"add operation does not apply: doc is missing path: \"{pointer}\": missing value");
        }

        return root;
    }

    private static JsonNode Remove(JsonNode root, string pointer, out JsonNode? removed)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
        {
            throw Unprocessable("cannot remove the whole document");
        }

        var parent = Get(root, "/" + string.Join('/', tokens[..^1].Select(Escape)));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out var value):
                removed = value;
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, out var index) && index >= 0 && index < a.Count:
                removed = a[index];
                a.RemoveAt(index);
                break;
            default:
                throw Unprocessable($"remove operation does not apply: doc is missing path: \"{pointer}\": missing value");
        }

        return root;
    }

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
