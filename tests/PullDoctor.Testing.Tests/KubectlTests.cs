using System.Diagnostics;
using k8s;
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

    [Test]
    public async Task KubectlTypedCreate_SendsProtobuf_NamespaceSecretServiceAccountConfigMapAreStored()
    {
        // kubectl's typed create commands (PullDoctor suggests the first two) send application/vnd.kubernetes.protobuf.
        var ns = await RunAsync("create", "namespace", "demo", "-v=8");
        var secret = await RunAsync("-n", "demo", "create", "secret", "docker-registry", "regcred", "--docker-server=ghcr.io", "--docker-username=u", "--docker-password=p4ss", "--docker-email=u@example.com");
        var generic = await RunAsync("-n", "demo", "create", "secret", "generic", "gen", "--from-literal=k=v");
        var sa = await RunAsync("-n", "demo", "create", "serviceaccount", "builder");
        var cm = await RunAsync("-n", "demo", "create", "configmap", "cfg", "--from-literal=a=b");

        Assert.Multiple(() =>
        {
            Assert.That(ns.Err, Does.Contain("Content-Type: application/vnd.kubernetes.protobuf"), "kubectl sent protobuf");
            Assert.That((ns.Exit, ns.Out.Trim()), Is.EqualTo((0, "namespace/demo created")), ns.Err[^Math.Min(ns.Err.Length, 2000)..]);
            Assert.That((secret.Exit, secret.Out.Trim()), Is.EqualTo((0, "secret/regcred created")), secret.Err);
            Assert.That((generic.Exit, generic.Out.Trim()), Is.EqualTo((0, "secret/gen created")), generic.Err);
            Assert.That((sa.Exit, sa.Out.Trim()), Is.EqualTo((0, "serviceaccount/builder created")), sa.Err);
            Assert.That((cm.Exit, cm.Out.Trim()), Is.EqualTo((0, "configmap/cfg created")), cm.Err);
        });

        using var client = _server.CreateClient();
        var stored = await client.CoreV1.ReadNamespacedSecretAsync("regcred", "demo");
        var config = System.Text.Json.JsonDocument.Parse(stored.Data[".dockerconfigjson"]).RootElement.GetProperty("auths").GetProperty("ghcr.io");
        Assert.Multiple(async () =>
        {
            Assert.That((await client.CoreV1.ReadNamespaceAsync("demo")).Status.Phase, Is.EqualTo("Active"));
            Assert.That(stored.Type, Is.EqualTo("kubernetes.io/dockerconfigjson"));
            Assert.That(config.GetProperty("username").GetString(), Is.EqualTo("u"));
            Assert.That(config.GetProperty("password").GetString(), Is.EqualTo("p4ss"));
            Assert.That(System.Text.Encoding.UTF8.GetString((await client.CoreV1.ReadNamespacedSecretAsync("gen", "demo")).Data["k"]), Is.EqualTo("v"));
            Assert.That((await client.CoreV1.ReadNamespacedConfigMapAsync("cfg", "demo")).Data["a"], Is.EqualTo("b"));
            Assert.That((await client.CoreV1.ReadNamespacedServiceAccountAsync("builder", "demo")).Metadata.Name, Is.EqualTo("builder"));
        });
    }

    [Test]
    public async Task KubectlTypedCreate_OfAKindTheServerCannotDecode_Is415NamingIt()
    {
        // Decoding covers the kinds PullDoctor's advice creates; anything else is refused by name, never half-stored.
        var deployment = await RunAsync("create", "deployment", "web", "--image=nginx:1.25.3");
        using var client = _server.CreateClient();

        Assert.Multiple(async () =>
        {
            Assert.That(deployment.Exit, Is.Not.Zero);
            Assert.That(deployment.Err, Does.Contain("unknown format").And.Contain("apps/v1/Deployment"));
            Assert.That((await client.AppsV1.ListNamespacedDeploymentAsync("default")).Items, Is.Empty);
        });
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
