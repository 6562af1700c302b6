using System.Text.Json.Nodes;
using PullDoctor.Packaging.Tests.Support;

namespace PullDoctor.Packaging.Tests.Validation;

/// <summary>The validator itself: strict where the API server is strict, lenient where it is lenient.</summary>
public sealed class KubernetesSchemasTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          creationTimestamp: null
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: nginx:1.25.3
                  ports:
                    - containerPort: 80
        """;

    [Test]
    public void Validate_ValidDeploymentWithNullTimestamp_NoErrors() =>
        Assert.That(KubernetesSchemas.Validate(Parse(Deployment)), Is.Empty);

    [Test]
    public void Validate_UnknownField_IsAnError()
    {
        var errors = KubernetesSchemas.Validate(Parse(Deployment.Replace("image: nginx:1.25.3", "image: nginx:1.25.3\n          imagePolicy: Always", StringComparison.Ordinal)));

        Assert.That(errors, Has.Some.Contains("/spec/template/spec/containers/0"));
        Assert.That(errors, Has.Some.Contains("imagePolicy"), "the message names the unknown field");
    }

    [Test]
    public void Validate_WrongType_IsAnError()
    {
        var errors = KubernetesSchemas.Validate(Parse(Deployment.Replace("containerPort: 80", "containerPort: http", StringComparison.Ordinal)));

        Assert.That(errors, Has.Some.Contains("/spec/template/spec/containers/0/ports/0/containerPort"));
    }

    [Test]
    public void Validate_UnquotedYaml11Boolean_IsNotAString()
    {
        var errors = KubernetesSchemas.Validate(Parse(Deployment.Replace("labels: {app: web}", "labels: {app: web, enabled: on}", StringComparison.Ordinal)));

        Assert.That(errors, Has.Some.Contains("/spec/template/metadata/labels/enabled"));
    }

    [Test]
    public void Validate_MissingRequiredField_IsAnError()
    {
        var errors = KubernetesSchemas.Validate(Parse(Deployment.Replace("- name: web\n          image", "- image", StringComparison.Ordinal)));

        Assert.That(errors, Has.Some.Contains("/spec/template/spec/containers/0"));
    }

    [Test]
    public void Validate_UnknownKind_IsAnError() =>
        Assert.That(KubernetesSchemas.Validate(Parse("apiVersion: apps/v1\nkind: Deploymint\nmetadata: {name: x}\n")), Has.Some.Contains("no Kubernetes v1.35 schema"));

    private static JsonObject Parse(string yaml) => (JsonObject)YamlJson.ParseDocuments(yaml).Single();
}
