using System.Net;
using PullDoctor.Core.Causes;
using PullDoctor.Operator.Tests.Support;

namespace PullDoctor.Operator.Tests.E2E;

/// <summary>
/// The API server goes away (open connections reset, new ones refused) and comes back on the same address with the
/// cluster's state, as a restarting kube-apiserver in front of the same etcd: the running operator stays alive,
/// retries with back-off, resumes its watches and diagnoses what changed while it was cut off and after.
/// </summary>
[NonParallelizable]
public sealed class ApiServerRestartTests
{
    private const string Image = "nginx:1.25.x";

    [Test]
    public async Task ApiServerGoneThenBack_OperatorRecoversAndDiagnosesWhatChanged()
    {
        await using var h = await OperatorHarness.StartAsync();
        await using var relay = new TcpRelay(h.Server.Url);
        relay.Start();
        var app = await h.StartOperatorAsync(probe: new FakeProbe(r => FakeProbe.Problem(r, CauseCode.TagNotFound, 404, "1.25.3")), apiServer: relay.Url);
        h.PutPod(Pods.Stuck(image: Image));
        await h.WaitForDiagnosisAsync("web-1", d => d.Status?.Cause == nameof(CauseCode.TagNotFound), "diagnosed before the outage");
        var restarts = app.Informers.Sum(i => i.Stats.WatchRestarts);

        await relay.StopAsync();

        // Observable: the informers saw their watches fail, and connecting again is refused.
        await OperatorHarness.WaitUntilAsync(() => Task.FromResult(app.Informers.Sum(i => i.Stats.WatchRestarts) >= restarts + 2), () => "informers noticed the outage and retried");
        h.PutPod(Pods.Stuck(name: "web-2", image: Image, uid: "uid-web-2"));
        using var http = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(5) };
        Assert.That((await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK), "alive while the API server is gone");

        var accepted = relay.Accepted;
        relay.Start();
        h.PutPod(Pods.Stuck(name: "web-3", image: Image, uid: "uid-web-3"));

        await h.WaitForDiagnosisAsync("web-2", d => d.Status?.Cause == nameof(CauseCode.TagNotFound), "the pod that got stuck during the outage");
        await h.WaitForDiagnosisAsync("web-3", d => d.Status?.Cause == nameof(CauseCode.TagNotFound), "a pod stuck after the API server came back");
        await OperatorHarness.WaitForQuietAsync(app, 3);
        Assert.Multiple(async () =>
        {
            Assert.That(relay.Accepted, Is.GreaterThan(accepted), "the operator reconnected");
            Assert.That((await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await h.PullDoctorEventsAsync()).Count(e => e.Reason == nameof(CauseCode.TagNotFound)), Is.EqualTo(3), "one Event per pod, none duplicated");
        });
    }
}
