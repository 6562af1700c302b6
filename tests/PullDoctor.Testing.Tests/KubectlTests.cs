using System.Diagnostics;
using PullDoctor.TestSupport;

namespace PullDoctor.Testing.Tests;

/// <summary>kubectl (apply, get, describe, delete) through a kubeconfig pointing at the server.</summary>
[NonParallelizable]
public sealed class KubectlTests
{
    private string _kubectl = null!;
    private KubeApiServer _server = null!;
    private string _dir = null!;
    private string _kubeconfig = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _kubectl = PinnedTools.Kubectl();

        _server = await KubeApiServer.StartAsync(new KubeApiServerOptions { UseTls = true });
        _dir = Directory.CreateTempSubdirectory("kubectl-test-").FullName;
        _kubeconfig = _server.WriteKubeconfig(Path.Combine(_dir, "kubeconfig"));
    }

    [TearDown]
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_dir is not null)
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(_kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["KUBECONFIG"] = _kubeconfig, ["HOME"] = _dir },
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Test]
    public async Task KubectlApplyGetDescribe_PodWithEvent()
    {
        var pod = WriteFile("pod.yaml", """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx:1.25.x
            """);

        var apply = await RunAsync("apply", "-f", pod);
        Assert.That(apply.Exit, Is.EqualTo(0), apply.Err);
        Assert.That(apply.Out.Trim(), Is.EqualTo("pod/web created"));
        var reapply = await RunAsync("apply", "-f", pod);
        Assert.That(reapply.Out.Trim(), Is.EqualTo("pod/web unchanged"), reapply.Err);

        var uid = (await RunAsync("get", "pod", "web", "-o", "jsonpath={.metadata.uid}")).Out;
        _server.Apply($$"""
            apiVersion: events.k8s.io/v1
            kind: Event
            metadata: {name: web.1, namespace: default}
            eventTime: "{{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.ffffffZ}}"
            reportingController: pulldoctor.dev/operator
            reportingInstance: op-0
            action: Diagnose
            reason: TagNotFound
            type: Warning
            note: 'nginx:1.25.x: tag "1.25.x" does not exist'
            regarding: {apiVersion: v1, kind: Pod, name: web, namespace: default, uid: "{{uid}}"}
            """);

        var get = await RunAsync("get", "pods");
        Assert.That(get.Exit, Is.EqualTo(0), get.Err);
        Assert.That(get.Out, Does.Match(@"NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s*\nweb\s+0/1\s+Pending\s+0\s+\d+s"));

        var describe = await RunAsync("describe", "pod", "web");
        Assert.That(describe.Exit, Is.EqualTo(0), describe.Err);
        Assert.That(describe.Out, Does.Contain("Image:        nginx:1.25.x"));
        Assert.That(describe.Out, Does.Match(@"Warning\s+TagNotFound\s+\d+s\s+pulldoctor.dev/operator\s+nginx:1.25.x: tag ""1.25.x"" does not exist"));

        var delete = await RunAsync("delete", "pod", "web");
        // kubectl 1.35 (the pinned one) adds the namespace; older ones end at "deleted".
        Assert.That(delete.Out.Trim(), Is.AnyOf("pod \"web\" deleted from default namespace", "pod \"web\" deleted"), delete.Err);
    }

    [Test]
    public async Task KubectlApply_CrdThenCustomResource_GetUsesPrinterColumns_AndStrictValidationRejectsUnknownFields()
    {
        var crd = WriteFile("crd.yaml", Objects.WidgetCrd);
        var widget = WriteFile("w.yaml", """
            apiVersion: demo.example.com/v1
            kind: Widget
            metadata:
              name: w1
            spec:
              size: 2
            """);
        var bad = WriteFile("bad.yaml", """
            apiVersion: demo.example.com/v1
            kind: Widget
            metadata:
              name: w2
            spec:
              size: 2
              bogus: true
            """);

        Assert.That((await RunAsync("apply", "-f", crd)).Out.Trim(), Is.EqualTo("customresourcedefinition.apiextensions.k8s.io/widgets.demo.example.com created"));
        var applied = await RunAsync("apply", "-f", widget);
        Assert.That(applied.Out.Trim(), Is.EqualTo("widget.demo.example.com/w1 created"), applied.Err);

        var get = await RunAsync("get", "wg");
        Assert.That(get.Out, Does.Match(@"NAME\s+SIZE\s+PHASE\s+AGE\s*\nw1\s+2\s+\d+s"), get.Err);

        var rejected = await RunAsync("apply", "-f", bad);
        Assert.That(rejected.Exit, Is.Not.EqualTo(0));
        Assert.That(rejected.Err, Does.Contain("strict decoding error: unknown field \"spec.bogus\""));
    }
}
