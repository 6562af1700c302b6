using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using PullDoctor.Diagnosis;
using PullDoctor.Operator.Crds;

namespace PullDoctor.Cli.Commands.Diagnose;

/// <summary>
/// The printed form of one pod's diagnosis for <c>pulldoctor diagnose pod</c>: text for people, JSON (the same
/// status the operator would write) for machines.
/// </summary>
internal static class PodReport
{
    public static string Text(PodSnapshot pod, ImagePullDiagnosisStatus? status)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var text = new StringBuilder();
        var line = (string s) => text.Append(s).Append('\n');
        if (status is null)
        {
            line($"Pod {pod.Namespace}/{pod.Name} is not stuck pulling an image{(pod.AllImagesPulled ? ": all its images have been pulled." : ".")}");
            return text.ToString();
        }

        var workload = status.Workload is { Kind: { } kind, Name: { } name } && kind != "Pod" ? $" ({kind.ToLowerInvariant()}/{name})" : string.Empty;
        line($"Pod {pod.Namespace}/{pod.Name}{workload}: {status.Cause}");
        line(status.Summary ?? string.Empty);
        foreach (var c in status.Containers ?? [])
        {
            line(string.Empty);
            line($"Container {c.Name} ({c.ContainerType}): {c.Image}{(c.Reference is { } r && r != c.Image ? $" → {r}" : string.Empty)}");
            line($"  Waiting:     {c.WaitingReason}");
            line($"  Cause:       {c.Cause} ({c.Confidence})");
            line($"  Explanation: {c.Explanation}");
            if (c.Suggestions is { Count: > 0 } suggestions)
            {
                line($"  Suggestions: {string.Join(", ", suggestions)}");
            }

            if (c.Remediation is { Count: > 0 } steps)
            {
                line("  Fix:");
                for (var i = 0; i < steps.Count; i++)
                {
                    line(string.Create(CultureInfo.InvariantCulture, $"    {i + 1}. {steps[i].Text}"));
                    if (steps[i].Command is { } command)
                    {
                        line($"       $ {command}");
                    }
                }
            }

            foreach (var secret in c.PullSecrets ?? [])
            {
                line($"  Pull secret: {secret.Name} (from {secret.Source}): {secret.State ?? "not read"}");
            }

            if (c.Evidence?.Probe is { } probe)
            {
                line(string.Create(CultureInfo.InvariantCulture, $"  Registry:    {probe.Outcome}{(probe.HttpStatus is { } s ? $" (HTTP {s})" : string.Empty)} from {probe.RegistryHost}"));
            }

            if (c.Evidence?.KubeletMessage is { } message)
            {
                line($"  Message:     {message}");
            }
        }

        return text.ToString();
    }

    public static string Json(PodSnapshot pod, ImagePullDiagnosisStatus? status)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var result = new JsonObject
        {
            ["namespace"] = pod.Namespace,
            ["pod"] = pod.Name,
            ["stuck"] = status is not null,
            ["diagnosis"] = status is null ? null : JsonNode.Parse(KubernetesJson.Serialize(status)),
        };
        return result.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
