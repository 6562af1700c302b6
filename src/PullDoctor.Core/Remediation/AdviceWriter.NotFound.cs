using PullDoctor.Core.References;

namespace PullDoctor.Core.Remediation;

/// <summary>Advice for references that do not parse or name nothing the registry has.</summary>
public static partial class AdviceWriter
{
    private static Advice InvalidReference(AdviceSubject s)
    {
        var parsed = ImageReference.Parse(s.Facts.Image);
        var reason = parsed.Error?.Reason ?? "the runtime could not parse it";
        var suggestion = parsed.Error?.Suggestion;
        // The correction is the grammar's, not the registry's: nobody has checked that it exists.
        IReadOnlyList<RemediationStep> fix = suggestion is null
            ? [Step($"Correct the image reference in {s.Where}: lower-case repository, tag of letters, digits, '_', '.', '-' (max 128), digest as sha256:<64 hex>.")]
            : [.. s.Edits.SetImage(suggestion, $"Set the image of {s.Where} to the corrected reference {suggestion} (a valid spelling, not checked against the registry: run pulldoctor diagnose {suggestion} first):")];
        return Of(
            $"{s.Image} is not a valid image reference: {reason}.",
            $"The kubelet cannot parse the image reference {Quote(s.Facts.Image)}: {reason}. Nothing was pulled; the pod will not start until the reference is corrected.",
            fix);
    }

    private static Advice TagNotFound(AdviceSubject s)
    {
        var suggestions = s.Context.SuggestedTags;
        var summary = $"{s.Image}: tag \"{s.Tag}\" does not exist in {s.Repository}.";
        if (suggestions.Count > 0)
        {
            summary += $" Did you mean {suggestions[0]}?";
            if (suggestions.Count > 1)
            {
                summary += $" (Also existing: {string.Join(", ", suggestions.Skip(1))}.)";
            }
        }

        var steps = new List<RemediationStep>();
        if (suggestions.Count > 0 && s.Reference is { } reference)
        {
            var fixedImage = WithTag(reference, suggestions[0]);
            steps.AddRange(s.Edits.SetImage(fixedImage, $"Set the image of {s.Where} to an existing tag:"));
        }
        else
        {
            steps.AddRange(s.Edits.SetImage(s.Reference is { } image ? WithTag(image, "<tag>") : "<image>:<tag>", $"Set the image of {s.Where} to a tag that exists in {s.Repository} (check the registry's tag list, or the CI job that should have pushed {s.Tag}):"));
        }

        steps.Add(Step($"If {s.Tag} should exist, check that the build pushed it to {s.DisplayHost} (not only to a local or another registry)."));
        return Of(
            summary,
            $"The repository {s.Repository} exists, but it has no tag or digest \"{s.Tag}\"{Status(s)}.",
            [.. steps]);
    }

    private static Advice RepositoryNotFound(AdviceSubject s) => Of(
        $"{s.Image}: repository {s.Repository} does not exist on {s.DisplayHost}.",
        $"The registry {s.DisplayHost} says the repository {s.Reference?.Path ?? "named in the image"} is unknown{Status(s)}. The image name or the registry host is wrong, or the image was never pushed there.",
        [
            .. s.Edits.SetImage("<registry>/<repository>:<tag>", $"Check the repository name and registry host in {s.Where}; fix the image:"),
            s.Edits.Retry($"If the name is right, push the image to {s.DisplayHost}; once it is there"),
        ]);

    private static Advice ImageNotFound(AdviceSubject s) => Of(
        $"{s.Image}: not found on {s.DisplayHost} (either the repository or the tag \"{s.Tag}\" does not exist).",
        $"The registry {s.DisplayHost} has no manifest for {s.Image}{Status(s)}. From this answer alone the repository and the tag cannot be told apart: registries answer \"manifest unknown\" for both.",
        [
            .. s.Edits.SetImage(s.Reference is { } named ? WithTag(named, "<existing-tag>") : "<image>:<existing-tag>", $"Check both the repository name {s.Repository} and the tag \"{s.Tag}\"; fix the image of {s.Where}:"),
            Step("Probe the registry to tell which part is wrong:", $"pulldoctor diagnose {(s.Reference is { } image ? ShellQuoting.Quote(image.Original) : "<image>")}"),
        ]);

    private static Advice NotFoundOrPrivate(AdviceSubject s)
    {
        var server = s.RegistryServer;
        return Of(
            $"{s.Image}: {s.Repository} does not exist, or is private and no credentials were sent.",
            $"{s.DisplayHost} refused the pull{Status(s)}{RegistrySaid(s)} and does not say whether the repository is missing or private: it answers both the same way on purpose. No usable pull secret was sent.",
            [
                .. s.Edits.SetImage("<image>:<tag>", $"If the name is wrong, fix the image of {s.Where}:"),
                Step($"If the repository is private, create a pull secret for {server}:", s.Kubectl.CreatePullSecret(server)),
                .. s.Edits.AttachPullSecret(KubectlCommands.DefaultSecretName),
            ]);
    }

    // References are rewritten from their parts, never by cutting text (a registry's port colon is not a tag).
    private static string WithTag(ImageReference reference, string tag) => $"{reference.FamiliarName}:{tag}";

    private static string WithHost(AdviceSubject s, string host) => s.Reference is { } r
        ? $"{host}/{r.Path}{(r.Digest is { } digest ? "@" + digest : ":" + r.EffectiveTag)}"
        : $"{host}/<repository>:<tag>";

    private static string Quote(string? value) => value is null ? "(none)" : $"\"{value}\"";

    private static string Status(AdviceSubject s) => s.HttpStatusText is { } status ? $" ({status})" : string.Empty;

    private static string RegistrySaid(AdviceSubject s) =>
        s.Facts.RegistryMessage is { Length: > 0 } said ? $": \"{Truncate(said, 200)}\"" : string.Empty;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
