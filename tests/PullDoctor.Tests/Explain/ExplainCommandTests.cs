using System.Text.Json;
using PullDoctor.Tests.Support;

namespace PullDoctor.Tests.Explain;

/// <summary>`pulldoctor explain` through the real executable, on each of its four input forms.</summary>
public class ExplainCommandTests
{
    private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "samples", name);

    [TestCase("events.json")]
    [TestCase("pod.json")]
    [TestCase("pod-init.json")]
    [TestCase("describe-pod.txt")]
    public async Task Explain_StructuredInput_GivesExpectedCausePerImage(string sample)
    {
        var expected = ExpectedCauses(Path.ChangeExtension(Sample(sample), ".expected.txt"));

        var result = await PullDoctorProcess.RunAsync(["explain", Sample(sample), "-o", "json"]);

        Assert.That(result.Stderr, Is.Empty);
        var actual = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(o => o.GetProperty("image").GetString()!, o => o.GetProperty("cause").GetString());
        Assert.Multiple(() =>
        {
            Assert.That(actual, Is.EquivalentTo(expected));
            Assert.That(result.ExitCode, Is.EqualTo(3), "a diagnosed pull problem exits 3");
        });
    }

    [Test]
    public async Task Explain_LinesOnStdin_WritesOneJsonObjectPerLineInOrder()
    {
        string[] lines =
        [
            "Failed to pull image \"nginx:1.25.x\": rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:1.25.x\": failed to resolve reference \"docker.io/library/nginx:1.25.x\": docker.io/library/nginx:1.25.x: not found",
            "Back-off pulling image \"nginx:1.25.x\"",
            "Failed to pull image \"registry.corp.invalid/app:1\": failed to pull and unpack image \"registry.corp.invalid/app:1\": failed to resolve reference \"registry.corp.invalid/app:1\": failed to do request: Head \"https://registry.corp.invalid/v2/app/manifests/1\": dial tcp: lookup registry.corp.invalid on 10.96.0.10:53: no such host",
        ];

        var result = await PullDoctorProcess.RunAsync(["explain", "-o", "json"], string.Join('\n', lines) + "\n");

        var objects = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(objects.Select(o => o.GetProperty("message").GetString()), Is.EqualTo(lines));
        Assert.That(objects.Select(o => o.GetProperty("cause").GetString()), Is.EqualTo(new[] { "ImageNotFound", "Unknown", "DnsResolutionFailed" }));
        Assert.That(objects[2].GetProperty("remediation").EnumerateArray().First().GetProperty("text").GetString(), Does.Contain("registry.corp.invalid"));
    }

    [Test]
    public async Task Explain_TextOutput_NamesCauseAndFix()
    {
        var result = await PullDoctorProcess.RunAsync(["explain"], "Failed to pull image \"acme/api:2.1\": rpc error: code = Unknown desc = failed to pull and unpack image \"docker.io/acme/api:2.1\": failed to resolve reference \"docker.io/acme/api:2.1\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed\n");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(3));
            Assert.That(result.Stdout, Does.StartWith("RepositoryNotFoundOrPrivate"));
            Assert.That(result.Stdout, Does.Contain("kubectl -n <namespace> create secret docker-registry regcred --docker-server=https://index.docker.io/v1/"));
        });
    }

    [Test]
    public async Task Explain_MissingFile_IsAUsageErrorOnOneLine()
    {
        var result = await PullDoctorProcess.RunAsync(["explain", "/nonexistent/events.json"]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
            Assert.That(result.Stderr, Does.StartWith("pulldoctor: cannot read /nonexistent/events.json"));
        });
    }

    [Test]
    public async Task Explain_BrokenJson_IsAUsageErrorNotAStackTrace()
    {
        var result = await PullDoctorProcess.RunAsync(["explain"], "{\"kind\": \"List\", \"items\": [");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.StartWith("pulldoctor: input looks like JSON but does not parse"));
            Assert.That(result.Stderr, Does.Not.Match(@"\n\s+at "), "no stack trace");
        });
    }

    [Test]
    public async Task Explain_EmptyInput_IsAUsageError()
    {
        var result = await PullDoctorProcess.RunAsync(["explain"], string.Empty);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.StartWith("pulldoctor: no input"));
    }

    [Test]
    public async Task Explain_UnknownOption_IsAUsageError()
    {
        var result = await PullDoctorProcess.RunAsync(["explain", "-o", "yaml"], "x\n");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
    }

    // Expected files: '#' comment lines, the last of which before the rows names the columns.
    private static Dictionary<string, string> ExpectedCauses(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines.Last(l => l.StartsWith('#') && l.Contains("expected cause", StringComparison.Ordinal)).TrimStart('#', ' ').Split('\t');
        var image = Array.IndexOf(header, "image");
        return lines.Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .ToDictionary(columns => columns[image], columns => columns[^1]);
    }
}
