using System.Text.RegularExpressions;
using PullDoctor.Tests.Support;

namespace PullDoctor.Tests.CommandLine;

/// <summary>Errors a person can act on (issue 17): every verb ends with one line on stderr and the SPEC §6 exit code.</summary>
public partial class CommandLineErrorTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateFiles()
    {
        _directory = Directory.CreateTempSubdirectory("pulldoctor-cli-errors-").FullName;
        // JSON that parses but is not what the verb reads: an array of numbers.
        File.WriteAllText(Path.Combine(_directory, "numbers.json"), "[1,2]\n");
        // YAML that parses but has the wrong shape for a kubeconfig (clusters is a number).
        File.WriteAllText(Path.Combine(_directory, "kubeconfig.yaml"), "apiVersion: v1\nkind: Config\nclusters: 5\ncontexts: []\nusers: []\n");
    }

    [TearDown]
    public void DeleteFiles() => Directory.Delete(_directory, recursive: true);

    private string File_(string name) => Path.Combine(_directory, name);

    public static IEnumerable<TestCaseData> MalformedInputs()
    {
        yield return new TestCaseData("explain (stdin)", new[] { "explain" }, "[1,2]").Returns(2);
        yield return new TestCaseData("explain FILE", new[] { "explain", "{numbers.json}" }, null).Returns(2);
        yield return new TestCaseData("diagnose IMAGE --pull-secret", new[] { "diagnose", "nginx:1.25", "--pull-secret", "{numbers.json}" }, null).Returns(2);
        yield return new TestCaseData("diagnose pod (JSON kubeconfig)", new[] { "diagnose", "pod", "web", "--kubeconfig", "{numbers.json}" }, null).Returns(2);
        yield return new TestCaseData("diagnose pod (YAML kubeconfig)", new[] { "diagnose", "pod", "web", "--kubeconfig", "{kubeconfig.yaml}" }, null).Returns(2);
        yield return new TestCaseData("run (JSON kubeconfig)", new[] { "run", "--kubeconfig", "{numbers.json}" }, null).Returns(2);
        yield return new TestCaseData("run (YAML kubeconfig)", new[] { "run", "--kubeconfig", "{kubeconfig.yaml}" }, null).Returns(2);
    }

    [TestCaseSource(nameof(MalformedInputs))]
    public async Task<int> Verb_MalformedButParseableInput_OneLineNoStackTrace(string what, string[] arguments, string? stdin)
    {
        var args = arguments.Select(a => a.StartsWith('{') ? File_(a.Trim('{', '}')) : a).ToList();

        var result = await PullDoctorProcess.RunAsync(args, stdin ?? string.Empty, TimeSpan.FromSeconds(60));

        AssertOneLine(result, what);
        return result.ExitCode;
    }

    [TestCase("explaim")]
    [TestCase("dignose")]
    public async Task MistypedVerb_NamesItAndTheCommands(string verb)
    {
        var result = await PullDoctorProcess.RunAsync([verb, "nginx:1.25"]);

        Assert.Multiple(() =>
        {
            AssertOneLine(result, verb);
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.StartWith($"pulldoctor: unknown command '{verb}'; commands: run, explain, diagnose"));
            Assert.That(result.Stderr, Does.Not.Contain("Required command"));
        });
    }

    [Test]
    public async Task Explain_UnknownOption_IsAUsageErrorNotAFileName()
    {
        var result = await PullDoctorProcess.RunAsync(["explain", "--foo"], "Back-off pulling image \"nginx\"\n");

        Assert.Multiple(() =>
        {
            AssertOneLine(result, "explain --foo");
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.StartWith("pulldoctor: unknown option '--foo' for explain"));
            Assert.That(result.Stderr, Does.Not.Contain("cannot read"));
        });
    }

    [TestCase("0")]
    [TestCase("3601")]
    [TestCase("-5")]
    public async Task Diagnose_TimeoutOutOfRange_StatesTheAllowedRange(string timeout)
    {
        var result = await PullDoctorProcess.RunAsync(["diagnose", "--timeout", timeout, "nginx:1.25"]);

        Assert.Multiple(() =>
        {
            AssertOneLine(result, "--timeout " + timeout);
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.Contain($"--timeout {timeout} is out of range: give seconds greater than 0 and at most 3600"));
        });
    }

    [Test]
    public async Task Diagnose_EmptyImage_IsAUsageError()
    {
        var result = await PullDoctorProcess.RunAsync(["diagnose", ""]);

        Assert.Multiple(() =>
        {
            AssertOneLine(result, "diagnose ''");
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.StartWith("pulldoctor: IMAGE is empty"));
        });
    }

    [Test]
    public async Task Version_IsTheChartsAppVersion()
    {
        var chart = await File.ReadAllLinesAsync(Path.Combine(RepositoryRoot(), "charts", "pulldoctor", "Chart.yaml"));
        var appVersion = chart.Select(l => AppVersion().Match(l)).Single(m => m.Success).Groups["version"].Value;

        var result = await PullDoctorProcess.RunAsync(["--version"]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout.Trim(), Is.EqualTo(appVersion), "Directory.Build.props <Version> and charts/pulldoctor/Chart.yaml appVersion must agree");
        });
    }

    private static void AssertOneLine(PullDoctorProcess.Result result, string what)
    {
        Assert.Multiple(() =>
        {
            Assert.That(result.Stderr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), $"{what}: one line on stderr\n{result}");
            Assert.That(result.Stderr, Does.StartWith("pulldoctor: "), what);
            Assert.That(result.Stderr, Does.Not.Match(@"\n\s+at |Unhandled exception|   at "), $"{what}: no stack trace");
        });
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PullDoctor.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("PullDoctor.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("""^appVersion:\s*"?(?<version>[^"\s]+)"?\s*$""")]
    private static partial Regex AppVersion();
}
