using PullDoctor.Demo;
using PullDoctor.RegistryFixtures;
using PullDoctor.TestSupport;

namespace PullDoctor.Operator.Tests.E2E;

/// <summary>
/// The README's demo (<c>dotnet run --project tests/PullDoctor.Demo -- --once</c>), run in-process as its
/// Program runs it: every staged cause must come out of the real operator with its cause code, in the
/// <c>kubectl get ipd -A</c> table and as PullDoctor's Event on the pod.
/// </summary>
[NonParallelizable]
public sealed class DemoTests
{
    // Pod name → the cause it is staged for. The first four need no registry.
    private static readonly (string Pod, string Cause, bool NeedsRegistry)[] Expected =
    [
        ("nightly-report-29412360-7xk2p", "DnsResolutionFailed", false),
        ("inventory-9d5f6c7b8-r5t7y", "ConnectionRefused", false),
        ("debug-shell", "NeverPullPolicy", false),
        ("admin-8c7d6b5f9-u1y3t", "InvalidImageReference", false),
        ("web-5d8f7c9b4-x2x9q", "TagNotFound", true),
        ("cart-6b7c8d9f5-q7w2e", "RepositoryNotFound", true),
        ("payments-7f9c4d6b8-m4n8p", "PullSecretMissing", true),
        ("checkout-84c6f5d7b-z9k3d", "AuthenticationFailed", true),
        ("billing-5c8d7b6f9-h2j6l", "AuthenticationRequired", true),
        ("search-6f8b9c5d7-w3e5r", "TlsCertificateError", true),
        ("thumbnails-7b9d8c6f5-p8o6i", "PlatformMismatch", true),
    ];

    [Test]
    public async Task Once_EveryStagedCauseIsDiagnosed_AndPrintedAsKubectlShowsIt()
    {
        var registries = new[] { ExternalBinary.DockerRegistry, ExternalBinary.Skopeo, ExternalBinary.Htpasswd }.All(File.Exists);
        if (!registries && CiEnvironment.IsCi)
        {
            Assert.Fail("In CI, but docker-registry, skopeo or htpasswd is missing: the demo would skip its registry causes");
        }

        await RunAndCheckAsync(["--once", "--timeout", "120"], registries);
    }

    [Test]
    public async Task OnceWithoutRegistries_StagesWhatNeedsNone_AndNamesWhatItSkipped() =>
        await RunAndCheckAsync(["--once", "--no-registries", "--timeout", "120"], registries: false);

    private static async Task RunAndCheckAsync(string[] args, bool registries)
    {
        using var output = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var code = await DemoCommand.RunAsync(DemoOptions.Parse(args), output, Task.CompletedTask, timeout.Token);
        var text = output.ToString();
        TestContext.Out.WriteLine(text);

        var table = IpdTable(text);
        var staged = Expected.Where(e => registries || !e.NeedsRegistry).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0), "exit code of --once");
            Assert.That(table.Keys, Is.EquivalentTo(staged.Select(e => e.Pod)), "one ipd per staged pod");
            foreach (var (pod, cause, _) in staged)
            {
                Assert.That(table.GetValueOrDefault(pod).Cause, Is.EqualTo(cause), pod);
                Assert.That(table.GetValueOrDefault(pod).Confidence, Is.AnyOf("Confirmed", "Likely"), pod);
                Assert.That(EventsOf(text, pod), Does.Match($@"\n  Warning  {cause} +\S+ +pulldoctor\.dev/operator"), $"{pod}: PullDoctor's Event names {cause}");
            }

            if (registries)
            {
                Assert.That(EventsOf(text, "web-5d8f7c9b4-x2x9q"), Does.Contain("Did you mean 1.25.3?"), "the probe read the real tag list");
            }
            else
            {
                var skippedLines = text.Split('\n').Where(l => l.StartsWith("  skipped ", StringComparison.Ordinal)).ToArray();
                foreach (var (_, cause, _) in Expected.Where(e => e.NeedsRegistry))
                {
                    Assert.That(skippedLines.Any(l => l.Contains(cause, StringComparison.Ordinal)), Is.True, $"{cause} is named as skipped on stdout");
                }
            }

            Assert.That(text, Does.Not.Contain("export KUBECONFIG"), "--once does not offer a server it stops");
            Assert.That(text, Does.Not.Contain("`"), "no Markdown backticks in the ipd table or the Events");
            Assert.That(text, Does.Not.Contain("null"), "no null reaches a person");
        });
    }

    /// <summary>The rows of the <c>kubectl get ipd -A</c> block: NAME → (CAUSE, CONFIDENCE), read by the header's columns.</summary>
    private static Dictionary<string, (string Cause, string Confidence)> IpdTable(string text)
    {
        var lines = text.Split('\n');
        var start = Array.IndexOf(lines, "$ kubectl get ipd -A");
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "the demo prints kubectl get ipd -A");
        var header = lines[start + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(header, Is.EqualTo(new[] { "NAMESPACE", "NAME", "WORKLOAD", "CAUSE", "CONFIDENCE", "SINCE", "IMAGE" }), "the CRD's printer columns");
        return lines.Skip(start + 2)
            .TakeWhile(l => l.Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(cells => cells[1], cells => (cells[3], cells[4]));
    }

    private static string EventsOf(string text, string pod)
    {
        var start = text.IndexOf($"$ kubectl describe pod -n shop {pod} ", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"the demo describes {pod}");
        var end = text.IndexOf("\n$ ", start + 1, StringComparison.Ordinal);
        return text[start..(end < 0 ? text.Length : end)];
    }
}
