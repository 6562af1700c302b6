using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using PullDoctor.Packaging.Tests.Support;

namespace PullDoctor.Packaging.Tests.Image;

/// <summary>
/// No Docker engine runs in CI, so the image is tested in parts: the Dockerfile's shape (multi-stage, chiseled
/// runtime, numeric non-root user, exec-form entrypoint, nothing run in the final stage, which has no shell), and
/// its own <c>dotnet</c> commands, run on a copy of the build context, must publish a binary that starts.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly Dockerfile File = Dockerfile.Load();

    [Test]
    public void Dockerfile_BuildStage_UsesTheDotnet10Sdk()
    {
        var build = File.Stage("build");

        Assert.Multiple(() =>
        {
            Assert.That(build.Image, Does.StartWith("mcr.microsoft.com/dotnet/sdk:10.0"));
            Assert.That(build.All("RUN").Where(r => r.StartsWith("dotnet publish", StringComparison.Ordinal)), Has.Exactly(1).Items);
        });
    }

    [Test]
    public void Dockerfile_FinalStage_IsAChiseledRuntimeWithoutShellCommands()
    {
        var final = File.FinalStage;

        Assert.Multiple(() =>
        {
            Assert.That(File.Stages, Has.Count.GreaterThanOrEqualTo(2), "multi-stage");
            // The operator serves /metrics and the probes with ASP.NET Core, so the runtime is the aspnet one.
            Assert.That(final.Image, Does.Match(@"^mcr\.microsoft\.com/dotnet/aspnet:10\.0-[a-z]+-chiseled$"));
            Assert.That(final.All("RUN"), Is.Empty, "the chiseled image has no shell to run commands with");
            Assert.That(final.All("COPY"), Has.All.StartWith("--from=build "));
        });
    }

    [Test]
    public void Dockerfile_FinalStage_RunsAsANumericNonRootUser()
    {
        Assert.That(File.FinalStage.User, Does.Match("^[1-9][0-9]*(:[1-9][0-9]*)?$"), "numeric, so the kubelet can verify runAsNonRoot");
    }

    [Test]
    public void Dockerfile_Entrypoint_IsPulldoctorRunInExecForm()
    {
        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.Parse(File.FinalStage.Last("ENTRYPOINT")!)!.AsArray().Select(a => (string?)a), Is.EqualTo(new[] { "pulldoctor" }));
            Assert.That(JsonNode.Parse(File.FinalStage.Last("CMD")!)!.AsArray().Select(a => (string?)a), Is.EqualTo(new[] { "run" }));
        });
    }

    [Test]
    public void DockerIgnore_KeepsTheContextToBuildInputs()
    {
        var lines = System.IO.File.ReadAllLines(RepositoryPaths.Of(".dockerignore")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("*"), "an allow-list: nothing enters the context unless named");
            Assert.That(lines, Does.Contain("**/bin/").And.Contain("**/obj/"), "local build output never reaches the image");
            foreach (var source in CopiedPaths())
            {
                Assert.That(lines, Does.Contain("!" + source).Or.Contain("!" + source.Split('/')[0] + "/"), $"{source} is COPYed, so the context must include it");
            }
        });
    }

    [Test]
    [CancelAfter(600_000)]
    public async Task DockerfileCommands_OnACopyOfTheContext_PublishABinaryThatAnswersHelp()
    {
        var context = CopyBuildContext();
        var output = Path.Combine(context, "app");
        try
        {
            foreach (var command in PublishCommands(output))
            {
                var result = await ProcessRunner.RunAsync("dotnet", command, TimeSpan.FromMinutes(8), workingDirectory: context);
                Assert.That(result.ExitCode, Is.Zero, () => $"dotnet {string.Join(' ', command)}\n{result}");
            }

            var help = await ProcessRunner.RunAsync(Path.Combine(output, "pulldoctor"), ["--help"], TimeSpan.FromSeconds(30));
            var runHelp = await ProcessRunner.RunAsync(Path.Combine(output, "pulldoctor"), ["run", "--help"], TimeSpan.FromSeconds(30));
            var size = new DirectoryInfo(output).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            TestContext.Out.WriteLine($"published {size / 1024.0 / 1024.0:0.0} MiB in {output}");

            Assert.Multiple(() =>
            {
                Assert.That(help.ExitCode, Is.Zero, help.ToString);
                Assert.That(help.StandardOutput, Does.Contain("run").And.Contain("explain").And.Contain("diagnose"));
                Assert.That(runHelp.ExitCode, Is.Zero, runHelp.ToString);
                Assert.That(Directory.GetFiles(output, "*.pdb"), Is.Empty, "DebugType=none: no symbols in the image");
            });
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    /// <summary>The build stage's RUN dotnet commands with this machine's architecture and the given output.</summary>
    private static IEnumerable<string[]> PublishCommands(string output)
    {
        var architecture = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.Arm64 => "arm64",
            var other => throw new PlatformNotSupportedException(other.ToString()),
        };
        foreach (var run in File.Stage("build").All("RUN").Where(r => r.StartsWith("dotnet ", StringComparison.Ordinal)))
        {
            yield return [.. run["dotnet ".Length..]
                .Replace("$TARGETARCH", architecture, StringComparison.Ordinal)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(a => a == "/app" ? output : a)];
        }
    }

    /// <summary>The sources the build stage COPYs (context paths), e.g. src/ and Directory.Build.props.</summary>
    private static IEnumerable<string> CopiedPaths() =>
        File.Stage("build").All("COPY")
            .SelectMany(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            .Distinct();

    // A copy, not the working tree: other builds may be running there, and the copy holds exactly what the
    // Dockerfile COPYs, without bin/ and obj/ (.dockerignore), like the image build does.
    private static string CopyBuildContext()
    {
        var context = Path.Combine(Path.GetTempPath(), "pulldoctor-image-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var source in CopiedPaths())
        {
            var from = RepositoryPaths.Of(source.TrimEnd('/'));
            var to = Path.Combine(context, source.TrimEnd('/'));
            if (Directory.Exists(from))
            {
                CopyDirectory(from, to);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                System.IO.File.Copy(from, to, overwrite: true);
            }
        }

        return context;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            System.IO.File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(directory);
            if (name is not ("bin" or "obj"))
            {
                CopyDirectory(directory, Path.Combine(to, name));
            }
        }
    }
}
