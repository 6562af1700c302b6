using System.Text.Json;
using System.Text.Json.Nodes;
using PullDoctor.Runtime.Tests.Capture;
using PullDoctor.Runtime.Tests.Kubelet;
using PullDoctor.Tests.Support;

namespace PullDoctor.Runtime.Tests.Tests;

/// <summary>
/// Feeds every captured failure through the real <c>pulldoctor explain -o json</c> twice per run (one
/// process each): as plain lines (the Failed Event text) and as a pod list whose waiting messages carry
/// the 1.32 back-off text verbatim (line input cannot carry the newlines some runtime errors have).
/// </summary>
internal static class ExplainBatch
{
    private static readonly Lazy<Task<Dictionary<(string, string), string>>> LineCauses = new(RunLinesAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Task<Dictionary<(string, string), string>>> PodCauses = new(RunPodsAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static async Task<string> LineCauseAsync(string scenario, string runtime) =>
        (await LineCauses.Value.ConfigureAwait(false))[(scenario, runtime)];

    public static async Task<string> PodCauseAsync(string scenario, string runtime) =>
        (await PodCauses.Value.ConfigureAwait(false))[(scenario, runtime)];

    /// <summary>The Failed Event text as one line (newlines inside the runtime error become spaces).</summary>
    public static string Line(CapturedMessage row) =>
        KubeletWording.FailedEvent(row, before128: false).Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ').TrimEnd();

    private static async Task<IReadOnlyList<CapturedMessage>> FailuresAsync()
    {
        var document = await RuntimeCaptureSession.GetAsync().ConfigureAwait(false);
        return [.. document.Messages.Where(m => !m.Succeeded && !string.IsNullOrEmpty(m.Message))];
    }

    private static async Task<Dictionary<(string, string), string>> RunLinesAsync()
    {
        var rows = await FailuresAsync().ConfigureAwait(false);
        var input = string.Concat(rows.Select(r => Line(r) + "\n"));
        var outputs = await ExplainAsync(input).ConfigureAwait(false);
        Assert.That(outputs, Has.Count.EqualTo(rows.Count), "explain must write one JSON line per input line");
        return rows.Select((row, i) => (row, cause: outputs[i]["cause"]!.GetValue<string>()))
            .ToDictionary(x => (x.row.Scenario, x.row.Runtime), x => x.cause);
    }

    private static async Task<Dictionary<(string, string), string>> RunPodsAsync()
    {
        var rows = await FailuresAsync().ConfigureAwait(false);
        var items = new JsonArray();
        foreach (var row in rows)
        {
            items.Add(Pod(PodName(row), row.Image, KubeletWording.BackOffSince132(row)));
        }

        var list = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = items };
        var outputs = await ExplainAsync(list.ToJsonString()).ConfigureAwait(false);
        var byPod = outputs.ToDictionary(o => o["pod"]!.GetValue<string>(), o => o["cause"]!.GetValue<string>(), StringComparer.Ordinal);
        return rows.ToDictionary(r => (r.Scenario, r.Runtime), r => byPod.TryGetValue(PodName(r), out var cause) ? cause : "(no output for this pod)");
    }

    private static string PodName(CapturedMessage row) => $"{row.Scenario}-{row.Runtime}";

    private static JsonObject Pod(string name, string image, string waitingMessage) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "runtime-tests" },
        ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }) },
        ["status"] = new JsonObject
        {
            ["phase"] = "Pending",
            ["containerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = "app",
                ["image"] = image,
                ["imageID"] = string.Empty,
                ["ready"] = false,
                ["restartCount"] = 0,
                ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ImagePullBackOff", ["message"] = waitingMessage } },
            }),
        },
    };

    private static async Task<List<JsonObject>> ExplainAsync(string input)
    {
        var result = await PullDoctorProcess.RunAsync(["explain", "-", "-o", "json"], input, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        Assert.That(result.ExitCode, Is.EqualTo(0).Or.EqualTo(3), $"pulldoctor explain failed: {result.Stderr}");
        return [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject())];
    }
}
