using DescriptionAttribute = System.ComponentModel.DescriptionAttribute;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;
using PullDoctor.Operator.Crds;

namespace PullDoctor.Operator.Tests.Crds;

/// <summary>
/// Builds the ImagePullDiagnosis CRD from the C# model by reflection, so the YAML we ship cannot
/// drift from what the operator writes: JSON names from [JsonPropertyName], descriptions from
/// [Description], enums from [AllowedValues], list-map keys from [ListMapKeys].
/// </summary>
internal static class CrdGenerator
{
    public static V1CustomResourceDefinition Generate() => new()
    {
        ApiVersion = "apiextensions.k8s.io/v1",
        Kind = "CustomResourceDefinition",
        Metadata = new V1ObjectMeta
        {
            Name = $"{ImagePullDiagnosis.Plural}.{ImagePullDiagnosis.GroupName}",
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "pulldoctor" },
        },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = ImagePullDiagnosis.GroupName,
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames
            {
                Kind = ImagePullDiagnosis.KindName,
                ListKind = ImagePullDiagnosis.KindName + "List",
                Plural = ImagePullDiagnosis.Plural,
                Singular = ImagePullDiagnosis.Singular,
                ShortNames = [ImagePullDiagnosis.ShortName],
                Categories = [ImagePullDiagnosis.Category],
            },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = ImagePullDiagnosis.Version,
                    Served = true,
                    Storage = true,
                    Subresources = new V1CustomResourceSubresources { Status = new object() },
                    AdditionalPrinterColumns = PrinterColumns,
                    Schema = new V1CustomResourceValidation { OpenAPIV3Schema = RootSchema() },
                },
            ],
        },
    };

    /// <summary>
    /// kubectl get ipd: the name (the pod's), Workload, Cause, Confidence, Since (the first failure's age) and Image;
    /// -o wide adds Node, Container, Phase and the summary (which no longer opens with the image the table shows).
    /// </summary>
    public static IList<V1CustomResourceColumnDefinition> PrinterColumns { get; } =
    [
        new() { Name = "Workload", Type = "string", JsonPath = ".status.workload.ref", Description = "The object to edit, as kubectl takes it (deployment/web)." },
        new() { Name = "Cause", Type = "string", JsonPath = ".status.cause", Description = "The primary cause code." },
        new() { Name = "Confidence", Type = "string", JsonPath = ".status.containers[0].confidence", Description = "Confirmed by the registry, or Likely from the kubelet's messages." },
        new() { Name = "Since", Type = "date", JsonPath = ".status.firstFailureTime", Description = "How long ago the first failed pull was." },
        new() { Name = "Image", Type = "string", JsonPath = ".status.containers[0].image", Description = "The image of the first stuck container." },
        new() { Name = "Node", Type = "string", JsonPath = ".status.node", Priority = 1, Description = "The node whose runtime pulls." },
        new() { Name = "Container", Type = "string", JsonPath = ".status.containers[0].name", Priority = 1, Description = "The first stuck container." },
        new() { Name = "Phase", Type = "string", JsonPath = ".status.phase", Priority = 1, Description = "Failing or Resolved." },
        new() { Name = "Summary", Type = "string", JsonPath = ".status.summary", Priority = 1, Description = "One sentence a person understands." },
    ];

    private static V1JSONSchemaProps RootSchema()
    {
        var root = ObjectSchema(typeof(ImagePullDiagnosis), skip: ["metadata", "apiVersion", "kind"]);
        root.Properties["apiVersion"] = new V1JSONSchemaProps { Type = "string", Description = "APIVersion defines the versioned schema of this representation of an object." };
        root.Properties["kind"] = new V1JSONSchemaProps { Type = "string", Description = "Kind is a string value representing the REST resource this object represents." };
        root.Properties["metadata"] = new V1JSONSchemaProps { Type = "object" };
        root.Properties = Sorted(root.Properties);
        return root;
    }

    private static V1JSONSchemaProps ObjectSchema(Type type, IReadOnlyCollection<string>? skip = null)
    {
        var properties = new Dictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal);
        var required = new List<string>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? throw new InvalidOperationException($"{type.Name}.{property.Name} has no [JsonPropertyName]");
            if (skip?.Contains(name) == true)
            {
                continue;
            }

            properties[name] = PropertySchema(property);
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                required.Add(name);
            }
        }

        return new V1JSONSchemaProps
        {
            Type = "object",
            Description = type.GetCustomAttribute<DescriptionAttribute>()?.Description,
            Properties = Sorted(properties),
            Required = required.Count == 0 ? null : required.Order(StringComparer.Ordinal).ToList(),
        };
    }

    private static V1JSONSchemaProps PropertySchema(PropertyInfo property)
    {
        var schema = TypeSchema(property.PropertyType);
        schema.Description = property.GetCustomAttribute<DescriptionAttribute>()?.Description;
        if (property.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed)
        {
            schema.EnumProperty = allowed.Values.Cast<object>().ToList();
        }

        if (property.GetCustomAttribute<MaxLengthAttribute>() is { } maxLength)
        {
            if (schema.Type == "array")
            {
                schema.MaxItems = maxLength.Length;
            }
            else
            {
                schema.MaxLength = maxLength.Length;
            }
        }

        if (property.GetCustomAttribute<ItemMaxLengthAttribute>() is { } itemMaxLength)
        {
            ((V1JSONSchemaProps)schema.Items!).MaxLength = itemMaxLength.Length;
        }

        if (property.GetCustomAttribute<ListMapKeysAttribute>() is { } mapKeys)
        {
            schema.XKubernetesListType = "map";
            schema.XKubernetesListMapKeys = mapKeys.Keys.ToList();
        }

        return schema;
    }

    private static V1JSONSchemaProps TypeSchema(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string))
        {
            return new V1JSONSchemaProps { Type = "string" };
        }

        if (underlying == typeof(int))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int32" };
        }

        if (underlying == typeof(long))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int64" };
        }

        if (underlying == typeof(bool))
        {
            return new V1JSONSchemaProps { Type = "boolean" };
        }

        if (underlying == typeof(DateTime) || underlying == typeof(DateTimeOffset))
        {
            return new V1JSONSchemaProps { Type = "string", Format = "date-time" };
        }

        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(List<>))
        {
            return new V1JSONSchemaProps { Type = "array", Items = TypeSchema(underlying.GetGenericArguments()[0]) };
        }

        if (underlying.IsClass && underlying.Namespace == typeof(ImagePullDiagnosis).Namespace)
        {
            return ObjectSchema(underlying);
        }

        throw new InvalidOperationException($"No schema mapping for {type}");
    }

    private static Dictionary<string, V1JSONSchemaProps> Sorted(IDictionary<string, V1JSONSchemaProps> properties) =>
        properties.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
