using System.Net;
using k8s;
using PullDoctor.Core.Causes;
using PullDoctor.Operator.Hosting;
using PullDoctor.Operator.Tests.Support;
using PullDoctor.Testing.Authorization;
using Serilog.Events;

namespace PullDoctor.Operator.Tests.E2E;

/// <summary>
/// The operator without its CRD, or without the RBAC to use it (issue 17): not ready on /readyz, one log line naming
/// the fix and no stack trace, retried with back-off, ready (and diagnosing) once the cluster is fixed.
/// </summary>
[NonParallelizable]
public sealed class PrerequisitesTests
{
    private const string Image = "nginx:1.25.x";
    private OperatorHarness _h = null!;

    [TearDown]
    public async Task StopAsync() => await _h.DisposeAsync();

    [Test]
    public async Task WithoutTheCrd_NotReadyWithOneLineNamingTheFix_ThenInstallingItMakesItReadyAndDiagnose()
    {
        _h = await OperatorHarness.StartAsync(installCrd: false);
        var logs = new CapturingSink();
        var app = await _h.StartOperatorAsync(probe: TagNotFoundProbe(), logger: logs.Logger());
        _h.PutPod(Pods.Stuck(image: Image));

        var notReady = await WaitForReadyzAsync(app, HttpStatusCode.ServiceUnavailable, body => body.Contains("CRD", StringComparison.Ordinal));
        // Retried with back-off: wait for three more checks (observable), then look at what was logged.
        var checks = app.Prerequisites.Checks;
        await OperatorHarness.WaitUntilAsync(() => Task.FromResult(app.Prerequisites.Checks >= checks + 3), () => $"three more checks after {checks}; {app.Prerequisites.Checks} so far");

        Assert.Multiple(() =>
        {
            Assert.That(notReady, Does.Contain("ImagePullDiagnosis CRD").And.Contain("kubectl apply -f deploy/crds/").And.Contain("helm install without --skip-crds"));
            Assert.That(logs.Lines(LogEventLevel.Warning).Where(l => l.Contains("CRD", StringComparison.Ordinal)).ToArray(), Has.Length.EqualTo(1), string.Join("\n", logs.Lines(LogEventLevel.Warning)));
            Assert.That(logs.Lines(LogEventLevel.Warning).Single(l => l.Contains("CRD", StringComparison.Ordinal)), Does.Contain("kubectl apply -f deploy/crds/"));
            Assert.That(logs.WithExceptions(LogEventLevel.Warning), Is.Empty, "no stack trace for a missing CRD");
            Assert.That(_h.OperatorWrites().Where(w => w.Resource == "imagepulldiagnoses"), Is.Empty, "nothing written while the CRD is missing");
        });

        OperatorHarness.InstallCrd(_h.Server);

        var ready = await WaitForReadyzAsync(app, HttpStatusCode.OK);
        var d = await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Cause == nameof(CauseCode.TagNotFound), "diagnosis once the CRD is installed");
        Assert.Multiple(() =>
        {
            Assert.That(ready, Is.EqualTo("ok\n"));
            Assert.That(d.Status!.Phase, Is.EqualTo("Failing"));
            Assert.That(logs.Lines(LogEventLevel.Information), Has.Some.Contains("Ready: the ImagePullDiagnosis CRD is installed"));
        });
    }

    [Test]
    public async Task CrdDeletedWhileRunning_A404DuringReconcileMakesItNotReadyNamingTheFix()
    {
        _h = await OperatorHarness.StartAsync();
        var logs = new CapturingSink();
        var app = await _h.StartOperatorAsync(probe: TagNotFoundProbe(), logger: logs.Logger());
        await WaitForReadyzAsync(app, HttpStatusCode.OK);

        await _h.Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("imagepulldiagnoses.pulldoctor.dev");
        _h.PutPod(Pods.Stuck(image: Image));

        var notReady = await WaitForReadyzAsync(app, HttpStatusCode.ServiceUnavailable, body => body.Contains("CRD", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(notReady, Does.Contain("kubectl apply -f deploy/crds/"));
            Assert.That(logs.WithExceptions(LogEventLevel.Warning), Is.Empty, "no stack trace for a missing CRD");
        });

        OperatorHarness.InstallCrd(_h.Server);
        await WaitForReadyzAsync(app, HttpStatusCode.OK);
        await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Cause == nameof(CauseCode.TagNotFound), "diagnosis once the CRD is back");
    }

    [Test]
    public async Task ForbiddenToListDiagnoses_NotReadyWithOneLineNamingVerbAndResource_ThenGrantedMakesItReady()
    {
        _h = await OperatorHarness.StartAsync();
        _h.Server.Faults.Authorization.Deny("list", "imagepulldiagnoses", "pulldoctor.dev");
        var logs = new CapturingSink();
        var app = await _h.StartOperatorAsync(probe: TagNotFoundProbe(), logger: logs.Logger());

        var notReady = await WaitForReadyzAsync(app, HttpStatusCode.ServiceUnavailable, body => body.Contains("forbidden", StringComparison.Ordinal));
        var checks = app.Prerequisites.Checks;
        await OperatorHarness.WaitUntilAsync(() => Task.FromResult(app.Prerequisites.Checks >= checks + 3), () => $"three more checks after {checks}");

        var forbidden = logs.Lines(LogEventLevel.Warning).Where(l => l.Contains("forbidden", StringComparison.Ordinal)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(notReady, Does.Contain("forbidden to list imagepulldiagnoses.pulldoctor.dev at the cluster scope as " + Authorizer.DefaultUser));
            Assert.That(forbidden, Has.Length.EqualTo(1), string.Join("\n", logs.Lines(LogEventLevel.Warning)));
            Assert.That(forbidden.FirstOrDefault(), Does.Contain("list imagepulldiagnoses.pulldoctor.dev").And.Contain("deploy/rbac.yaml"));
            Assert.That(logs.WithExceptions(LogEventLevel.Warning), Is.Empty, "no stack trace for a 403");
        });

        _h.Server.Faults.Authorization.AllowAll();
        await WaitForReadyzAsync(app, HttpStatusCode.OK);
    }

    [Test]
    public async Task ForbiddenToWatchPods_OneLineNamingVerbAndResourceWithoutStackTrace()
    {
        _h = await OperatorHarness.StartAsync();
        _h.Server.Faults.Authorization.Deny("list", "pods");
        var logs = new CapturingSink();
        var app = await _h.StartOperatorAsync(probe: TagNotFoundProbe(), logger: logs.Logger());

        var notReady = await WaitForReadyzAsync(app, HttpStatusCode.ServiceUnavailable, body => body.Contains("pods", StringComparison.Ordinal));
        var failedLists = _h.OperatorRequests().Count(r => r.Resource == "pods" && r.StatusCode == 403);
        await OperatorHarness.WaitUntilAsync(() => Task.FromResult(_h.OperatorRequests().Count(r => r.Resource == "pods" && r.StatusCode == 403) >= failedLists + 2), () => "the pod informer retried twice more");

        Assert.Multiple(() =>
        {
            Assert.That(notReady, Does.Contain("forbidden to list pods at the cluster scope"));
            Assert.That(logs.Lines(LogEventLevel.Warning).Count(l => l.Contains("forbidden to list pods", StringComparison.Ordinal)), Is.EqualTo(1), string.Join("\n", logs.Lines(LogEventLevel.Warning)));
            Assert.That(logs.WithExceptions(LogEventLevel.Warning), Is.Empty, "no stack trace for a 403");
        });
    }

    private static FakeProbe TagNotFoundProbe() => new(r => FakeProbe.Problem(r, CauseCode.TagNotFound, 404, "1.25.3"));

    /// <summary>Polls /readyz until it answers <paramref name="status"/> (and the body matches); returns the body.</summary>
    private static async Task<string> WaitForReadyzAsync(OperatorApp app, HttpStatusCode status, Func<string, bool>? body = null)
    {
        using var http = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(5) };
        var last = string.Empty;
        var lastStatus = default(HttpStatusCode);
        await OperatorHarness.WaitUntilAsync(
            async () =>
            {
                using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
                lastStatus = response.StatusCode;
                last = await response.Content.ReadAsStringAsync();
                return lastStatus == status && (body is null || body(last));
            },
            () => $"/readyz {(int)status}; last {(int)lastStatus}: {last}");
        return last;
    }
}
