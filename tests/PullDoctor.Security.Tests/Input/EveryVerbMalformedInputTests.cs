using PullDoctor.Security.Tests.Support;
using PullDoctor.Tests.Support;

namespace PullDoctor.Security.Tests.Input;

/// <summary>
/// Issue 17: every verb fed input that parses but is wrong ends with one line on stderr and exit 2. The default
/// System.CommandLine exception handler used to print a stack trace (<c>echo '[1,2]' | pulldoctor explain</c>).
/// </summary>
public class EveryVerbMalformedInputTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("every-verb-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task Explain_ArrayOfNumbers()
    {
        var run = await PullDoctorProcess.RunRawAsync(["explain"], new PullDoctorProcess.Options { Stdin = "[1,2]\n" });

        CliAssert.UsageError(run, "explain: [0] is a number");
    }

    [Test]
    public async Task DiagnoseImage_PullSecretWithAWrongTypedField()
    {
        var secret = Write("secret.json", """{"kind":"Secret","type":"kubernetes.io/dockerconfigjson","stringData":{".dockerconfigjson":[1]}}""");

        var run = await PullDoctorProcess.RunRawAsync(["diagnose", "nginx:1.25", "--pull-secret", secret], new PullDoctorProcess.Options());

        CliAssert.UsageError(run, "expected a string");
    }

    [TestCase("pod")]
    [TestCase("run")]
    public async Task KubeconfigNestedTooDeep(string verb)
    {
        var kubeconfig = Write("kubeconfig", "clusters: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
        string[] arguments = verb == "pod" ? ["diagnose", "pod", "web", "--kubeconfig", kubeconfig] : ["run", "--kubeconfig", kubeconfig];

        var run = await PullDoctorProcess.RunRawAsync(arguments, new PullDoctorProcess.Options());

        CliAssert.UsageError(run, "nested deeper than 64 levels");
    }

    [TestCase("pod")]
    [TestCase("run")]
    public async Task KubeconfigOfTheWrongShape(string verb)
    {
        var kubeconfig = Write("kubeconfig", "clusters: 5\ncontexts: {a: [1]}\n");
        string[] arguments = verb == "pod" ? ["diagnose", "pod", "web", "--kubeconfig", kubeconfig] : ["run", "--kubeconfig", kubeconfig];

        var run = await PullDoctorProcess.RunRawAsync(arguments, new PullDoctorProcess.Options());

        CliAssert.UsageError(run, "kubeconfig");
    }

    [Test]
    public async Task Run_SettingOfTheWrongType()
    {
        var run = await PullDoctorProcess.RunRawAsync(["run"], new PullDoctorProcess.Options { Environment = new Dictionary<string, string> { ["PULLDOCTOR_QPS"] = "fast" } });

        CliAssert.UsageError(run, "PULLDOCTOR_QPS");
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
