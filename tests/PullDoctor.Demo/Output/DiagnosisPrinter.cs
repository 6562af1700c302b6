using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using PullDoctor.Operator.Crds;

namespace PullDoctor.Demo.Output;

/// <summary>
/// What a person would see with kubectl: <c>kubectl get ipd -A</c> from the API server's own Table (the CRD's
/// printer columns, as kubectl asks for them), and the Events section of <c>kubectl describe pod</c>, here only
/// PullDoctor's Events, selected by the pod's uid as describe selects them.
/// </summary>
internal sealed class DiagnosisPrinter(HttpClient http, IKubernetes client)
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io";

    public async Task<string> GetIpdAllNamespacesAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"apis/{ImagePullDiagnosis.GroupName}/{ImagePullDiagnosis.Version}/{ImagePullDiagnosis.Plural}");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(TableAccept));
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;

        // kubectl get shows priority-0 columns (-o wide adds the rest) and, with -A, the namespace first.
        var columns = table["columnDefinitions"]!.AsArray().Select((c, i) => (Index: i, Name: c!["name"]!.ToString(), Priority: c["priority"]?.GetValue<int>() ?? 0))
            .Where(c => c.Priority == 0)
            .ToArray();
        List<IReadOnlyList<string>> rows = [["NAMESPACE", .. columns.Select(c => c.Name.ToUpperInvariant())]];
        foreach (var row in table["rows"]!.AsArray())
        {
            var cells = row!["cells"]!.AsArray();
            rows.Add([row["object"]?["metadata"]?["namespace"]?.ToString() ?? string.Empty, .. columns.Select(c => cells[c.Index]?.ToString() ?? "<none>")]);
        }

        return rows.Count == 1 ? "No resources found\n" : TextColumns.Get(rows);
    }

    public async Task<string> DescribePullDoctorEventsAsync(string ns, string podName, CancellationToken cancellationToken)
    {
        var pod = await client.CoreV1.ReadNamespacedPodAsync(podName, ns, cancellationToken: cancellationToken);
        var events = await client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: $"involvedObject.uid={pod.Metadata.Uid}", cancellationToken: cancellationToken);
        var ours = events.Items
            .Where(IsPullDoctors)
            .OrderBy(e => e.LastTimestamp ?? e.EventTime ?? e.Metadata.CreationTimestamp)
            .ToArray();
        var text = new StringBuilder("Events:");
        if (ours.Length == 0)
        {
            return text.Append("  <none>\n").ToString();
        }

        text.Append('\n');
        var now = DateTime.UtcNow;
        var rows = new List<IReadOnlyList<string>> { new[] { "Type", "Reason", "Age", "From", "Message" }, new[] { "----", "------", "----", "----", "-------" } };
        rows.AddRange(ours.Select(e => (IReadOnlyList<string>)[e.Type ?? string.Empty, e.Reason ?? string.Empty, Age(e, now), From(e), (e.Message ?? string.Empty).Trim()]));
        return text.Append(TextColumns.Describe(rows, "  ")).ToString();
    }

    private static bool IsPullDoctors(Corev1Event e) =>
        (e.ReportingComponent ?? e.Source?.Component) is { } component && component.StartsWith("pulldoctor", StringComparison.Ordinal);

    // describe.go: the count and span when the Event repeated, else the time since it happened.
    private static string Age(Corev1Event e, DateTime now)
    {
        if (e.Series is { } series)
        {
            return $"{Since(series.LastObservedTime, now)} (x{series.Count} over {Since(e.EventTime, now)})";
        }

        if (e.Count > 1 && e.FirstTimestamp is { } first)
        {
            return $"{Since(e.LastTimestamp, now)} (x{e.Count} over {Since(first, now)})";
        }

        return Since(e.FirstTimestamp ?? e.EventTime, now);
    }

    private static string Since(DateTime? time, DateTime now) => time is { } t ? HumanDuration.Of(now - t.ToUniversalTime()) : "<unknown>";

    // As kubectl describe shows it (checked with kubectl 1.32 against this server): the source component, else the
    // reporting controller; the host or reporting instance is not shown.
    private static string From(Corev1Event e) => FirstNonEmpty(e.Source?.Component, e.ReportingComponent);

    private static string FirstNonEmpty(string? a, string? b) => !string.IsNullOrEmpty(a) ? a : b ?? string.Empty;
}
