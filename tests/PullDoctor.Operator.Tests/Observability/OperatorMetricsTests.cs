using Prometheus;
using PullDoctor.Operator.Observability;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Tests.Observability;

public sealed class OperatorMetricsTests
{
    [Test]
    public async Task StuckPodsByCause_CountsStuckPods_BoundsNamespaces_AndDropsWhatRecovered()
    {
        var registry = Metrics.NewCustomRegistry();
        var metrics = new OperatorMetrics(registry);
        var stuck = new HashSet<ObjectKey>();
        for (var i = 0; i < OperatorMetrics.MaxNamespaceLabels + 10; i++)
        {
            var key = new ObjectKey($"ns-{i:000}", "web");
            stuck.Add(key);
            metrics.NoteStuck(key, "TagNotFound");
        }

        var shop = new ObjectKey("ns-000", "api");
        stuck.Add(shop);
        metrics.NoteStuck(shop, "AccessDenied");

        metrics.PublishStuckByCause(stuck.Contains);
        var first = await ScrapeAsync(registry);
        stuck.Remove(shop);
        metrics.PublishStuckByCause(stuck.Contains);
        var second = await ScrapeAsync(registry);

        var series = first.Split('\n').Where(l => l.StartsWith("pulldoctor_stuck_pods_by_cause{", StringComparison.Ordinal)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(series.Select(l => l.Split("namespace=\"")[1].Split('"')[0]).Distinct().Count(), Is.EqualTo(OperatorMetrics.MaxNamespaceLabels + 1), "50 namespaces by name, the rest as _other");
            Assert.That(first, Does.Contain("pulldoctor_stuck_pods_by_cause{namespace=\"_other\",cause=\"TagNotFound\"} 10"));
            Assert.That(first, Does.Contain("pulldoctor_stuck_pods_by_cause{namespace=\"ns-000\",cause=\"AccessDenied\"} 1"));
            Assert.That(second, Does.Not.Contain("pulldoctor_stuck_pods_by_cause{namespace=\"ns-000\",cause=\"AccessDenied\"}"), "a recovered pod's series goes");
        });
    }

    [Test]
    public async Task SinceStartValues_AreCountersPresentWithZero()
    {
        var registry = Metrics.NewCustomRegistry();
        _ = new OperatorMetrics(registry);

        var text = await ScrapeAsync(registry);

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("# TYPE pulldoctor_events_total counter"));
            Assert.That(text, Does.Contain("pulldoctor_events_total{result=\"created\"} 0"));
            Assert.That(text, Does.Contain("pulldoctor_diagnoses_total{cause=\"TagNotFound\"} 0"));
            Assert.That(text, Does.Contain("pulldoctor_reconciles_total{result=\"error\"} 0"));
            Assert.That(text, Does.Contain("pulldoctor_recoveries_total 0"));
            Assert.That(text, Does.Contain("pulldoctor_workqueue_retries_total 0"));
        });
    }

    private static async Task<string> ScrapeAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
