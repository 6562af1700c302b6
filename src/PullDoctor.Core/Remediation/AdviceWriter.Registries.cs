using System.Text;
using PullDoctor.Core.Causes;
using PullDoctor.Core.Kubernetes;
using PullDoctor.Core.Registries;

namespace PullDoctor.Core.Remediation;

/// <summary>
/// Advice for a known registry (<see cref="RegistryCatalog"/>): its table's fix for the cause and auth path, with the
/// account, region, project, location and repository the image names filled in, and a note when the node talked to
/// another host than the image's (a mirror).
/// </summary>
public static partial class AdviceWriter
{
    // Hosts that serve blobs after a redirect: a layer fetched from them is not a mirror.
    private static readonly string[] BlobBackends =
        [".amazonaws.com", ".cloudflare.docker.com", "storage.googleapis.com", ".blob.core.windows.net", ".githubusercontent.com", ".cloudfront.net"];

    private static Advice WithRegistry(CauseCode cause, Advice advice, AdviceSubject s)
    {
        var mirror = MirrorNote(s);
        if (s.Registry is not { } match)
        {
            return mirror is null ? advice : advice with { Explanation = advice.Explanation + " " + mirror };
        }

        var path = s.Context.PullSecrets.Any(p => p.State == PullSecretState.Found) ? AuthPath.PullSecret
            : s.Context.PullSecretsUnknown ? AuthPath.Any
            : AuthPath.Node;
        var fix = match.Profile.FixFor(cause, path);
        if (fix is null)
        {
            return mirror is null ? advice : advice with { Explanation = advice.Explanation + " " + mirror };
        }

        var steps = fix.Steps.Select(step => Step(Fill(step.Text, s, match, command: false), step.Command is null ? null : Fill(step.Command, s, match, command: true))).ToList();
        if (fix.KeepsGenericSteps)
        {
            steps.AddRange(advice.Steps);
        }

        if (fix.Steps.Any(step => step.Command?.Contains("create secret docker-registry", StringComparison.Ordinal) == true) && path == AuthPath.Node)
        {
            steps.AddRange(s.Edits.AttachPullSecret(SecretName(s) ?? KubectlCommands.DefaultSecretName));
        }

        if (cause is CauseCode.AccessDenied or CauseCode.AuthenticationRequired or CauseCode.AuthenticationFailed or CauseCode.CredentialsExpired or CauseCode.RepositoryNotFoundOrPrivate)
        {
            steps.Add(s.Edits.Retry("Once fixed"));
        }

        var explanation = advice.Explanation + " " + Fill(fix.Meaning, s, match, command: false) + (mirror is null ? string.Empty : " " + mirror);
        return advice with
        {
            Summary = fix.Summary is null ? advice.Summary : Fill(fix.Summary, s, match, command: false),
            Explanation = explanation,
            Steps = steps,
        };
    }

    private static string? MirrorNote(AdviceSubject s)
    {
        if (s.Reference is not { } reference || s.Facts.RegistryHost is not { } talked
            || string.Equals(talked, reference.Domain, StringComparison.OrdinalIgnoreCase)
            || string.Equals(talked, reference.RegistryHost, StringComparison.OrdinalIgnoreCase)
            || BlobBackends.Any(b => talked.EndsWith(b, StringComparison.OrdinalIgnoreCase) && !talked.Contains(".dkr.ecr", StringComparison.OrdinalIgnoreCase))
            || RegistryCatalog.ByHost(reference.Domain)?.Kind == RegistryKind.KubernetesRegistry)
        {
            return null;
        }

        return $"The node asked {talked}, not {reference.Domain}: it pulls through a mirror or pull-through cache (containerd hosts.toml, a registry mirror), so this is the mirror's answer; check that {talked} has the image and that the node's credentials for it are valid.";
    }

    /// <summary>Fills a table template; in commands every value is shell-quoted and unknown values are placeholders.</summary>
    private static string Fill(string template, AdviceSubject s, RegistryMatch match, bool command)
    {
        var segments = s.Reference?.Path.Split('/') ?? [];
        var isGcr = match.Kind == RegistryKind.GoogleContainerRegistry;
        string? project = match.Kind is RegistryKind.ArtifactRegistry or RegistryKind.GoogleContainerRegistry && segments.Length >= 2 ? segments[0] : null;
        string? repo = match.Kind == RegistryKind.ArtifactRegistry && segments.Length >= 3 ? segments[1] : isGcr ? match.Host.ToLowerInvariant() : null;
        var secret = SecretName(s) ?? KubectlCommands.DefaultSecretName;

        var builder = new StringBuilder(template.Length + 64);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                builder.Append(template, i, template.Length - i);
                break;
            }

            builder.Append(template, i, open - i);
            var token = template[(open + 1)..close];
            var (value, placeholder) = token switch
            {
                "image" => (s.Image, "<image>"),
                "host" => (s.Reference?.Domain ?? match.Host, "<registry-host>"),
                "account" => (match.Account, "<account-id>"),
                "region" => (match.Region, "<region>"),
                "location" => (match.Location, "<location>"),
                "registry" => (match.RegistryName, "<registry-name>"),
                "project" => (project, "<project>"),
                "repo" => (repo, "<repository>"),
                "repository" => (s.Reference?.Path, "<repository>"),
                "tag" => (s.Reference is { } named && named.Digest is null ? named.EffectiveTag : null, "<tag>"),
                "namespace" => (s.Context.Namespace, "<namespace>"),
                "secret" => (ObjectNames.IsDnsSubdomain(secret) ? secret : null, "<secret-name>"),
                _ => (null, null),
            };
            if (placeholder is null)
            {
                // Not a token (a JSON brace in a command): kept as written.
                builder.Append(template, open, close - open + 1);
            }
            else
            {
                builder.Append(value is null ? placeholder : command && token != "image" ? ShellQuoting.Quote(value) : value);
            }

            i = close + 1;
        }

        return builder.ToString();
    }
}
