using System.Text.Json.Nodes;
using PullDoctor.Packaging.Tests.Support;

namespace PullDoctor.Packaging.Tests.Crd;

/// <summary>
/// The ImagePullDiagnosis CRD: a valid apiextensions.k8s.io/v1 object, a structural schema, the names and printer
/// columns of SPEC §2, and sample diagnoses that the schema accepts (and mistakes it refuses).
/// </summary>
public sealed class CrdTests
{
    private static readonly JsonObject Crd = CrdFile.Load();

    [Test]
    public void Crd_IsValidAgainstTheApiextensionsSchema() =>
        Assert.That(KubernetesSchemas.Validate(Crd), Is.Empty);

    [Test]
    public void Crd_Schema_IsStructural() =>
        Assert.That(StructuralSchema.Violations(CrdFile.OpenApiSchema(Crd)), Is.Empty);

    [Test]
    public void StructuralSchema_CatchesTheUsualMistakes()
    {
        var broken = (JsonObject)JsonNode.Parse("""
            {"type":"object","properties":{
              "a":{"description":"no type"},
              "b":{"type":"object","properties":{"x":{"type":"string"}},"additionalProperties":{"type":"string"}},
              "c":{"type":"array"},
              "d":{"type":"array","x-kubernetes-list-type":"map","items":{"type":"object","properties":{"k":{"type":"string"}}},"x-kubernetes-list-map-keys":["k"]},
              "e":{"type":"string","format":"int64"},
              "f":{"type":"string","enum":["x",1]},
              "g":{"$ref":"#/definitions/x"}}}
            """)!;

        var violations = StructuralSchema.Violations(broken);

        Assert.That(violations, Has.Some.StartsWith("/properties/a: type must not be empty")
            .And.Some.StartsWith("/properties/b: properties and additionalProperties")
            .And.Some.StartsWith("/properties/c: an array needs items")
            .And.Some.StartsWith("/properties/d: list map key k must be required")
            .And.Some.StartsWith("/properties/e: format int64 on type string")
            .And.Some.StartsWith("/properties/f: enum value 1")
            .And.Some.StartsWith("/properties/g: $ref is not allowed"));
    }

    [Test]
    public void Crd_Names_AreTheSpecs()
    {
        var spec = Crd["spec"]!;
        var names = spec["names"]!;

        Assert.Multiple(() =>
        {
            Assert.That(K8s.Name(Crd), Is.EqualTo("imagepulldiagnoses.pulldoctor.dev"), "plural.group");
            Assert.That((string?)spec["group"], Is.EqualTo("pulldoctor.dev"));
            Assert.That((string?)spec["scope"], Is.EqualTo("Namespaced"));
            Assert.That((string?)names["kind"], Is.EqualTo("ImagePullDiagnosis"));
            Assert.That((string?)names["listKind"], Is.EqualTo("ImagePullDiagnosisList"));
            Assert.That((string?)names["plural"], Is.EqualTo("imagepulldiagnoses"));
            Assert.That((string?)names["singular"], Is.EqualTo("imagepulldiagnosis"));
            Assert.That(names["shortNames"]!.AsArray().Select(n => (string?)n), Is.EqualTo(new[] { "ipd" }));
            Assert.That(names["categories"]!.AsArray().Select(n => (string?)n), Does.Contain("pulldoctor"));
        });
    }

    [Test]
    public void Crd_Versions_OneServedStorageVersionWithStatusSubresource()
    {
        var versions = Crd["spec"]!["versions"]!.AsArray().OfType<JsonObject>().ToArray();
        var v1alpha1 = CrdFile.Version(Crd);

        Assert.Multiple(() =>
        {
            Assert.That(versions.Count(v => (bool?)v["storage"] == true), Is.EqualTo(1), "exactly one storage version");
            Assert.That((bool?)v1alpha1["served"], Is.True);
            Assert.That(v1alpha1["subresources"]?["status"], Is.InstanceOf<JsonObject>(), "status subresource enabled");
        });
    }

    [Test]
    public void PrinterColumns_AreTheSpecsAndResolveInTheSchema()
    {
        var schema = CrdFile.OpenApiSchema(Crd);
        var columns = CrdFile.Version(Crd)["additionalPrinterColumns"]!.AsArray().OfType<JsonObject>().ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(columns.Where(c => ((long?)c["priority"] ?? 0) == 0).Select(c => (string?)c["name"]), Is.EqualTo(new[] { "Workload", "Cause", "Confidence", "Since", "Image" }));
            Assert.That(columns.Where(c => ((long?)c["priority"] ?? 0) > 0).Select(c => (string?)c["jsonPath"]), Does.Contain(".status.summary"), "the summary in -o wide");
            foreach (var column in columns)
            {
                var jsonPath = (string)column["jsonPath"]!;
                var type = (string?)column["type"];
                var node = StructuralSchema.Resolve(schema, jsonPath);
                Assert.That(node, Is.Not.Null, $"column {column["name"]}: {jsonPath} selects nothing in the schema");
                Assert.That(type, Is.AnyOf("integer", "number", "string", "boolean", "date"), $"column {column["name"]}");
                var expected = type == "date" ? "string" : type;
                Assert.That((string?)node?["type"], Is.EqualTo(expected), $"column {column["name"]}: {jsonPath} is a {node?["type"]}, the column a {type}");
            }

            Assert.That(columns.Select(c => (string?)c["name"]), Is.Unique);
        });
    }

    [TestCase("Failing")]
    [TestCase("Resolved")]
    [TestCase("Minimal")]
    public void Sample_IsValid(string name)
    {
        var sample = Samples.Get(name);

        Assert.Multiple(() =>
        {
            Assert.That(SchemaValidator.Errors(Schema.Value, sample), Is.Empty);
            Assert.That(CrdFile.ListTypeViolations(CrdFile.OpenApiSchema(Crd), sample), Is.Empty);
        });
    }

    [TestCase("status.phase: Broken", "/status/phase")]
    [TestCase("status.containers[0].confidence: Sure", "/status/containers/0/confidence")]
    [TestCase("status.containers[0].imagee: nginx", "/status/containers/0/imagee: unknown field")]
    [TestCase("status.observedGeneration: one", "/status/observedGeneration")]
    [TestCase("status.containers[0].pullSecrets[0].state: Lost", "/status/containers/0/pullSecrets/0/state")]
    [TestCase("spec.podUid: abc", "/spec/podUid: unknown field")]
    [TestCase("metadata.labelz: {}", "/metadata/labelz: unknown field")]
    public void Sample_WithAMistake_IsRefused(string mistake, string location)
    {
        var sample = Samples.WithMistake(mistake);

        Assert.That(SchemaValidator.Errors(Schema.Value, sample), Has.Some.StartsWith(location.Contains(": ", StringComparison.Ordinal) ? location : location + ":"));
    }

    [Test]
    public void Sample_DuplicateConditionType_IsRefused()
    {
        var sample = Samples.Get("Failing");
        sample["status"]!["conditions"]!.AsArray().Add(sample["status"]!["conditions"]![0]!.DeepClone());

        Assert.That(CrdFile.ListTypeViolations(CrdFile.OpenApiSchema(Crd), sample), Has.Some.StartsWith("/status/conditions: duplicate list key"));
    }

    private static readonly Lazy<Json.Schema.JsonSchema> Schema = new(() => CrdFile.StrictObjectSchema(Crd));
}
