using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Tests;

/// <summary>Small object builders for tests.</summary>
internal static class Objects
{
    public static JsonObject Pod(string name, string image = "nginx:1.25", string? nodeName = null, Dictionary<string, string>? labels = null)
    {
        var meta = new JsonObject { ["name"] = name };
        if (labels is not null)
        {
            var l = new JsonObject();
            foreach (var (k, v) in labels)
            {
                l[k] = v;
            }

            meta["labels"] = l;
        }

        var spec = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = image }) };
        if (nodeName is not null)
        {
            spec["nodeName"] = nodeName;
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = meta, ["spec"] = spec };
    }

    public static JsonObject ConfigMap(string name, string value = "v") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["data"] = new JsonObject { ["key"] = value },
    };

    public static JsonObject Deployment(string name, int replicas = 1) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = name, ["image"] = "nginx:1.25" }) },
            },
        },
    };

    public static JsonObject OwnerRef(JsonObject owner, bool controller = true, bool block = true) => new()
    {
        ["apiVersion"] = owner["apiVersion"]!.ToString(),
        ["kind"] = owner["kind"]!.ToString(),
        ["name"] = owner["metadata"]!["name"]!.ToString(),
        ["uid"] = owner["metadata"]!["uid"]!.ToString(),
        ["controller"] = controller,
        ["blockOwnerDeletion"] = block,
    };

    public const string WidgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.demo.example.com
        spec:
          group: demo.example.com
          scope: Namespaced
          names:
            plural: widgets
            singular: widget
            kind: Widget
            shortNames: [wg]
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
            additionalPrinterColumns:
            - name: Size
              type: integer
              jsonPath: .spec.size
            - name: Phase
              type: string
              jsonPath: .status.phase
            - name: Age
              type: date
              jsonPath: .metadata.creationTimestamp
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [size]
                    properties:
                      size:
                        type: integer
                        minimum: 1
                      color:
                        type: string
                        enum: [red, blue]
                      mode:
                        type: string
                        default: Fast
                      tags:
                        type: array
                        items:
                          type: string
                  status:
                    type: object
                    properties:
                      phase:
                        type: string
                      conditions:
                        type: array
                        x-kubernetes-list-type: map
                        x-kubernetes-list-map-keys: [type]
                        items:
                          type: object
                          properties:
                            type: {type: string}
                            status: {type: string}
        """;

    public static JsonObject Widget(string name, JsonNode? size = null) => new()
    {
        ["apiVersion"] = "demo.example.com/v1",
        ["kind"] = "Widget",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["size"] = size ?? 3 },
    };
}
