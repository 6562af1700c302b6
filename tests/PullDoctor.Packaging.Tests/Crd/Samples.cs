using System.Text.Json.Nodes;
using PullDoctor.Packaging.Tests.Support;

namespace PullDoctor.Packaging.Tests.Crd;

/// <summary>ImagePullDiagnosis objects as SPEC §2 describes them.</summary>
internal static class Samples
{
    private const string Failing = """
        apiVersion: pulldoctor.dev/v1alpha1
        kind: ImagePullDiagnosis
        metadata:
          name: web-7c9d-x2x
          namespace: shop
          labels:
            app.kubernetes.io/managed-by: pulldoctor
          ownerReferences:
            - apiVersion: v1
              kind: Pod
              name: web-7c9d-x2x
              uid: 6f1d1c1e-0b7a-4c1e-9a43-3f3c2b1a0d9e
              controller: true
              blockOwnerDeletion: false
        spec:
          podName: web-7c9d-x2x
          podUID: 6f1d1c1e-0b7a-4c1e-9a43-3f3c2b1a0d9e
        status:
          phase: Failing
          cause: TagNotFound
          summary: 'Tag "1.25.x" does not exist in docker.io/library/nginx.'
          workload:
            kind: Deployment
            name: web
            ref: deployment/web
            via: web-7c9d
            stuckPods: 3
            stuckSince: "2026-01-01T02:14:00Z"
            rollout:
              newReplicaSet: web-7c9d
              runningReplicaSet: web-5f4
              runningReadyPods: 3
          node: node-1
          containers:
            - name: web
              containerType: Container
              image: nginx:1.25.x
              reference: docker.io/library/nginx:1.25.x
              waitingReason: ImagePullBackOff
              cause: TagNotFound
              confidence: Confirmed
              explanation: The repository docker.io/library/nginx exists; the tag 1.25.x does not.
              remediation:
                - text: Set the image of deployment/web (container web) to an existing tag.
                  command: kubectl -n shop set image deployment/web web=nginx:1.25.3
              suggestions: ["1.25.3", "1.25.2"]
              evidence:
                kubeletMessage: 'Failed to pull image "nginx:1.25.x": not found'
                probe:
                  outcome: TagNotFound
                  httpStatus: 404
                  registryHost: registry-1.docker.io
                  checkedAt: "2026-11-25T02:00:00Z"
              pullSecrets:
                - name: regcred
                  source: ServiceAccount
                  state: NoEntryForRegistry
          firstFailureTime: "2026-11-25T01:58:00Z"
          lastFailureTime: "2026-11-25T02:00:00Z"
          observedGeneration: 1
          conditions:
            - type: Diagnosed
              status: "True"
              reason: TagNotFound
              message: Tag not found.
              lastTransitionTime: "2026-11-25T01:58:01Z"
            - type: Resolved
              status: "False"
              reason: Failing
              message: A container is still stuck.
              lastTransitionTime: "2026-11-25T01:58:01Z"
        """;

    private const string Resolved = """
        apiVersion: pulldoctor.dev/v1alpha1
        kind: ImagePullDiagnosis
        metadata:
          name: api-5f4-qq1
          namespace: shop
        spec:
          podName: api-5f4-qq1
          podUID: 0c5e8d8e-2a53-4b0e-8f0e-d0c7c9b3f1aa
        status:
          phase: Resolved
          cause: AuthenticationRequired
          summary: All images of the pod have been pulled.
          containers: []
          resolvedTime: "2026-11-25T03:00:00Z"
          conditions:
            - type: Resolved
              status: "True"
              reason: ImagesPulled
              message: All images pulled.
              lastTransitionTime: "2026-11-25T03:00:00Z"
        """;

    private const string Minimal = """
        apiVersion: pulldoctor.dev/v1alpha1
        kind: ImagePullDiagnosis
        metadata:
          name: job-1
          namespace: batch
        spec:
          podName: job-1
          podUID: 7d3f0f4e-9d5e-4f59-9d7c-1c1c0a4b2e11
        """;

    public static JsonObject Get(string name) => Parse(name switch
    {
        "Failing" => Failing,
        "Resolved" => Resolved,
        "Minimal" => Minimal,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    });

    /// <summary>The Failing sample with one field set: <c>path.to[0].field: yaml-value</c>.</summary>
    public static JsonObject WithMistake(string mistake)
    {
        var sample = Get("Failing");
        var colon = mistake.IndexOf(": ", StringComparison.Ordinal);
        var path = mistake[..colon].Split('.');
        var value = YamlJson.ParseDocuments("v: " + mistake[(colon + 2)..]).Single()["v"]?.DeepClone();
        JsonNode node = sample;
        foreach (var segment in path[..^1])
        {
            node = Step(node, segment);
        }

        ((JsonObject)node)[path[^1]] = value;
        return sample;
    }

    private static JsonNode Step(JsonNode node, string segment)
    {
        var bracket = segment.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return node[segment]!;
        }

        var index = int.Parse(segment[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
        return node[segment[..bracket]]![index]!;
    }

    private static JsonObject Parse(string yaml) => (JsonObject)YamlJson.ParseDocuments(yaml).Single();
}
