using System.Text;
using PullDoctor.Core.Causes;
using PullDoctor.Core.Remediation;
using PullDoctor.TestSupport;

namespace PullDoctor.Operator.Tests.E2E;

/// <summary>
/// docs/suggested-commands.md: per cause, the commands PullDoctor suggests for each workload kind, written from
/// the same staged cases <see cref="SuggestedCommandsTests"/> runs with the real kubectl, so a reader sees what a
/// pod of theirs would get. Fails when the file drifts from the advice; regenerate with
/// <c>PULLDOCTOR_UPDATE_DOCS=1 dotnet test tests/PullDoctor.Operator.Tests --filter SuggestedCommandsTableTests</c>.
/// </summary>
public sealed class SuggestedCommandsTableTests
{
    private static string DocumentPath => Path.Combine(PinnedTools.RepositoryRoot, "docs", "suggested-commands.md");

    [Test]
    public async Task SuggestedCommandsDocument_IsTheAdvicesOutput()
    {
        var expected = Document();
        if (Environment.GetEnvironmentVariable("PULLDOCTOR_UPDATE_DOCS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DocumentPath)!);
            await File.WriteAllTextAsync(DocumentPath, expected);
        }

        var actual = File.Exists(DocumentPath) ? await File.ReadAllTextAsync(DocumentPath) : string.Empty;
        Assert.That(actual, Is.EqualTo(expected), "docs/suggested-commands.md drifted from the advice; regenerate with PULLDOCTOR_UPDATE_DOCS=1");
    }

    private static string Document()
    {
        var text = new StringBuilder();
        text.Append("""
            # Suggested commands, per cause and workload kind

            Generated from the advice by `SuggestedCommandsTableTests` (do not edit; regenerate with
            `PULLDOCTOR_UPDATE_DOCS=1 dotnet test tests/PullDoctor.Operator.Tests --filter SuggestedCommandsTableTests`).
            Every command here is run with the real kubectl against the in-process API server by
            `SuggestedCommandsTests`. The staged pod: namespace `shop`, container `app` of workload `web` (the bare pod
            `web-7c9d-x2x`), image `registry.example.com:5000/team/app:1.25.9`, the probe's near tags 1.25.4 and 1.25.3,
            node `node-1` (linux/arm64) where the image has linux/amd64 only. `<…>` is a value only the reader knows.
            Steps without a command (what to check or to edit) are in the diagnosis, not here.

            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        foreach (var cause in Enum.GetValues<CauseCode>())
        {
            text.Append("\n## ").Append(cause).Append("\n\n| Kind | Commands |\n| --- | --- |\n");
            foreach (var (kind, apiVersion) in SuggestedCommandsTests.Kinds)
            {
                var (context, facts) = SuggestedCommandsTests.Scenario(kind, apiVersion, ContainerKind.Container, cause, stuckRollout: false);
                var commands = AdviceWriter.Write(cause, facts, context).Steps.Select(s => s.Command).OfType<string>().Distinct().ToList();
                var cell = commands.Count == 0 ? "no command (the steps say what to do)" : string.Join("<br>", commands.Select(Code));
                text.Append("| ").Append(kind).Append(" | ").Append(cell).Append(" |\n");
            }
        }

        text.Append("""

            # On the big registries

            The same Deployment, with its image on a registry PullDoctor knows (its tables in
            src/PullDoctor.Core/Registries) and the pull secret `regcred` in place. The cloud CLI commands (`aws`,
            `gcloud`, `az`) are not run by the tests: there is no cloud here; their kubectl commands are run like the
            ones above.

            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        foreach (var cause in CloudCauses)
        {
            text.Append("\n## ").Append(cause).Append("\n\n| Registry | Commands |\n| --- | --- |\n");
            foreach (var (registry, image) in CloudImages)
            {
                var (context, facts) = SuggestedCommandsTests.Scenario("Deployment", "apps/v1", ContainerKind.Container, cause, stuckRollout: false);
                var host = image[..image.IndexOf('/', StringComparison.Ordinal)];
                var commands = AdviceWriter.Write(cause, facts with { Image = image, RegistryHost = host, DnsName = host }, context)
                    .Steps.Select(s => s.Command).OfType<string>().Distinct().ToList();
                var cell = commands.Count == 0 ? "no command (the steps say what to do)" : string.Join("<br>", commands.Select(Code));
                text.Append("| ").Append(registry).Append(" | ").Append(cell).Append(" |\n");
            }
        }

        return text.ToString();
    }

    private static readonly CauseCode[] CloudCauses =
    [
        CauseCode.AuthenticationRequired, CauseCode.AuthenticationFailed, CauseCode.AccessDenied, CauseCode.CredentialsExpired,
        CauseCode.RepositoryNotFoundOrPrivate, CauseCode.RateLimited,
    ];

    private static readonly (string Registry, string Image)[] CloudImages =
    [
        ("ECR", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.25.9"),
        ("Artifact Registry", "europe-west1-docker.pkg.dev/shop-prod/team/app:1.25.9"),
        ("ACR", "shopacr.azurecr.io/team/app:1.25.9"),
        ("GHCR", "ghcr.io/shop/app:1.25.9"),
        ("Docker Hub", "docker.io/shop/app:1.25.9"),
        ("Quay", "quay.io/shop/app:1.25.9"),
    ];

    // Inline code in a table cell: a pipe would end the cell, and a backtick inside needs a longer fence.
    private static string Code(string command)
    {
        var escaped = command.Replace("|", "\\|", StringComparison.Ordinal);
        return escaped.Contains('`', StringComparison.Ordinal) ? $"`` {escaped} ``" : $"`{escaped}`";
    }
}
