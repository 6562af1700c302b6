using k8s;
using PullDoctor.Operator.Hosting;
using Serilog;

namespace PullDoctor.Operator.Tests.Hosting;

public sealed class OperatorAppTests
{
    [Test]
    public void Create_LeaseDurationNotWholeSeconds_FailsWithAnOptionsError()
    {
        var options = new OperatorOptions { LeaderElection = true, LeaseDuration = TimeSpan.FromMilliseconds(12500) };

        var ex = Assert.Throws<OptionsException>(() => OperatorApp.Create(
            options,
            new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" },
            new OperatorAppSettings { MetricsRegistry = Prometheus.Metrics.NewCustomRegistry(), Logger = new LoggerConfiguration().CreateLogger() }));

        Assert.That(ex!.Message, Does.Contain("the lease duration must be a whole number of seconds"));
    }
}
