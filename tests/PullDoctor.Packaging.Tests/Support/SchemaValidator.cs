using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace PullDoctor.Packaging.Tests.Support;

/// <summary>Evaluates a JSON Schema and returns readable errors (instance path: message), null-branch noise removed.</summary>
internal static class SchemaValidator
{
    public static JsonSchema Build(JsonObject root) => JsonSchema.FromText(root.ToJsonString());

    public static IReadOnlyList<string> Errors(JsonSchema schema, JsonNode instance)
    {
        var element = JsonSerializer.SerializeToElement(instance);
        var results = schema.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        if (results.IsValid)
        {
            return [];
        }

        var errors = new List<string>();
        Collect(results, errors);
        return errors.Count > 0 ? [.. errors.Distinct()] : ["invalid (no detail): " + results.EvaluationPath];
    }

    // Only failing nodes are walked: the failed branch of an anyOf that passed (a null where null is allowed)
    // is not an error, and the null alternative of one that failed is not the interesting half.
    private static void Collect(EvaluationResults node, List<string> errors)
    {
        if (node.IsValid || IsNullBranch(node))
        {
            return;
        }

        foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
        {
            if (keyword != "anyOf")
            {
                // additionalProperties: false reports the property against a "false schema": say what it means.
                var text = message.Contains("false schema", StringComparison.Ordinal) ? "unknown field" : message;
                errors.Add($"{Display(node.InstanceLocation.ToString())}: {text}");
            }
        }

        foreach (var child in node.Details ?? [])
        {
            Collect(child, errors);
        }
    }

    private static bool IsNullBranch(EvaluationResults result) =>
        result.EvaluationPath.ToString().EndsWith("/anyOf/0", StringComparison.Ordinal);

    private static string Display(string pointer) => pointer.Length == 0 ? "/" : pointer;
}
