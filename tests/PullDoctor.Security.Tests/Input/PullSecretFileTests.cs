using System.Text;
using PullDoctor.RegistryFixtures;
using PullDoctor.Security.Tests.Support;
using PullDoctor.Tests.Support;

namespace PullDoctor.Security.Tests.Input;

/// <summary>
/// <c>diagnose IMAGE --pull-secret FILE</c> with a file that is not a pull secret (issue 11 class 7): one line, exit 2,
/// before any probe. YAML nested deeply used to overflow the stack (the process died), a 200 MB file was read whole,
/// and wrong-typed fields ended in an InvalidCastException's stack trace.
/// </summary>
public class PullSecretFileTests
{
    private string _directory = null!;
    private string _image = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("pull-secret-").FullName;
        // Nothing listens there: had the file been accepted, the probe would fail with exit 1, not 2.
        _image = $"{RefusedPort.AllocateHost()}/team/app:1.0";
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task YamlFlowNesting100kDeep_IsRefused_NotAStackOverflow()
    {
        var run = await DiagnoseAsync(Write("deep-flow.yaml", "kind: Secret\ndata: " + new string('[', 100_000) + new string(']', 100_000) + "\n"));

        CliAssert.UsageError(run, "nested deeper than 64 levels");
    }

    [Test]
    public async Task YamlMappingNesting100kDeep_IsRefused_NotAStackOverflow()
    {
        var yaml = new StringBuilder("kind: Secret\ndata: ");
        for (var i = 0; i < 100_000; i++)
        {
            yaml.Append("{a: ");
        }

        yaml.Append('b').Append('}', 100_000).Append('\n');

        var run = await DiagnoseAsync(Write("deep-map.yaml", yaml.ToString()));

        CliAssert.UsageError(run, "nested deeper than 64 levels");
    }

    [Test]
    public async Task YamlBlockNesting_DeeperThanTheLimit_IsRefused()
    {
        var yaml = new StringBuilder("kind: Secret\n");
        for (var i = 0; i < 300; i++)
        {
            yaml.Append(' ', i).Append("a:\n");
        }

        var run = await DiagnoseAsync(Write("deep-block.yaml", yaml.ToString()));

        CliAssert.UsageError(run, "nested deeper than 64 levels");
    }

    [Test]
    public async Task JsonNesting100kDeep_IsRefused()
    {
        var run = await DiagnoseAsync(Write("deep.json", "{\"auths\":" + new string('[', 100_000) + new string(']', 100_000) + "}"));

        CliAssert.UsageError(run, "nested deeper than 64 levels");
    }

    [Test]
    public async Task TwoHundredMegabyteFile_IsRefusedAtTheCap()
    {
        var path = Path.Combine(_directory, "huge.json");
        using (var file = File.Create(path))
        {
            file.SetLength(200_000_000);
        }

        var run = await DiagnoseAsync(path, Heap.LimitedTo(256));

        CliAssert.UsageError(run, "--pull-secret: " + path + " is larger than 1 MiB; pass a smaller file");
    }

    [Test]
    public async Task DevZero_IsRefusedAtTheCap()
    {
        var run = await DiagnoseAsync("/dev/zero", Heap.LimitedTo(256));

        CliAssert.UsageError(run, "--pull-secret: /dev/zero is larger than 1 MiB; pass a smaller file");
    }

    [Test]
    public async Task HugeBase64DockerConfigJson_IsRefusedAtTheCap()
    {
        var config = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"auths\":{\"x\":{\"auth\":\"" + new string('A', 3 * 1024 * 1024) + "\"}}}"));
        var path = Write("huge-data.yaml", $"kind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {config}\n");

        var run = await DiagnoseAsync(path, Heap.LimitedTo(256));

        CliAssert.UsageError(run, "is larger than 1 MiB; pass a smaller file");
    }

    [Test]
    public async Task Directory_IsAUsageError()
    {
        var run = await DiagnoseAsync(_directory);

        CliAssert.UsageError(run, $"cannot read --pull-secret {_directory}: it is a directory");
    }

    [Test]
    public async Task MissingFile_IsAUsageError()
    {
        var path = Path.Combine(_directory, "absent.json");

        var run = await DiagnoseAsync(path);

        CliAssert.UsageError(run, $"cannot read --pull-secret {path}: no such file");
    }

    [TestCase("kind: Secret\ndata:\n  ? [a]\n  : b\n", "data has a key that is an array, expected a string")]
    [TestCase("kind: Secret\ndata: [1, 2]\n", "data is an array, expected an object")]
    [TestCase("kind: Secret\ndata:\n  .dockerconfigjson: {a: b}\n", "data[.dockerconfigjson] is an object, expected a string")]
    [TestCase("kind: Secret\nstringData:\n  .dockerconfigjson: [x]\n", "stringData[.dockerconfigjson] is an array, expected a string")]
    [TestCase("kind: [Secret]\n", "kind is an array, expected a string")]
    [TestCase("kind: Secret\ntype: {a: b}\n", "type is an object, expected a string")]
    [TestCase("- kind: Secret\n", "the document is an array, expected a Secret or a docker config")]
    [TestCase("just words\n", "the document is a string, expected a Secret or a docker config")]
    [TestCase("kind: ConfigMap\n", "the file is a Kubernetes ConfigMap, not a Secret")]
    [TestCase("kind: Secret\ndata:\n  .dockerconfigjson: '%%%'\n", "data[.dockerconfigjson] is not valid base64")]
    [TestCase("{\"kind\":\"Secret\",\"type\":\"kubernetes.io/dockerconfigjson\",\"stringData\":{\".dockerconfigjson\":5}}", "stringData[.dockerconfigjson] is a number, expected a string")]
    [TestCase("{\"kind\":\"Secret\",\"data\":[]}", "data is an array, expected an object")]
    [TestCase("{\"kind\":\"Secret\",\"data\":{\".dockerconfigjson\":true}}", "data[.dockerconfigjson] is a boolean, expected a string")]
    [TestCase("{\"auths\": {", "is not valid JSON")]
    [TestCase("kind: Secret\ndata: {a: [}\n", "is not valid YAML")]
    public async Task WrongShapedFile_IsAUsageError_NamingTheField(string content, string expected)
    {
        var run = await DiagnoseAsync(Write("secret", content));

        CliAssert.UsageError(run, expected);
    }

    [Test]
    public async Task BinaryFile_IsNotText()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        var path = Path.Combine(_directory, "secret.bin");
        await File.WriteAllBytesAsync(path, bytes);

        var run = await DiagnoseAsync(path);

        CliAssert.UsageError(run, "is not UTF-8 text");
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private async Task<PullDoctorProcess.RawResult> DiagnoseAsync(string secretPath, IReadOnlyDictionary<string, string>? environment = null) =>
        await PullDoctorProcess.RunRawAsync(
            ["diagnose", _image, "--pull-secret", secretPath, "--timeout", "10"],
            new PullDoctorProcess.Options { Environment = environment ?? new Dictionary<string, string>(), Timeout = TimeSpan.FromSeconds(60) });
}
