using PullDoctor.Security.Tests.Support;
using PullDoctor.Testing;
using PullDoctor.Tests.Support;

namespace PullDoctor.Security.Tests.Names;

/// <summary>
/// Class 1: names from pod specs are not trusted. The API server does not validate <c>imagePullSecrets</c> names,
/// a service account's <c>imagePullSecrets</c>, or owner reference names, and the HTTP client normalises "..", so a
/// pod in one namespace could make PullDoctor read another namespace's objects. Each attack runs the real
/// <c>pulldoctor diagnose pod</c> (the operator's analysis) against the in-process API server, which holds the
/// victim's Secret in namespace <c>payments</c>, and checks the request log: no request may leave the pod's namespace.
/// </summary>
public sealed class HostileNameTests
{
    private static readonly string[] HostileSecretNames =
    [
        "../../payments/secrets/regcred",
        "regcred/../../../payments/secrets/regcred",
        "..%2F..%2Fpayments%2Fsecrets%2Fregcred",
        "%2e%2e/%2e%2e/payments/secrets/regcred",
        "..",
        "regcred?fieldSelector=metadata.namespace%3Dpayments",
        "Regcred",
        "regcred#fragment",
    ];

    [TestCaseSource(nameof(HostileSecretNames))]
    public async Task PodPullSecretName_IsNeverRequested_AndIsReportedInvalid(string hostile)
    {
        await using var cluster = await VictimCluster.StartAsync();
        cluster.AddStuckPod("attacker", imagePullSecrets: [hostile]);

        var result = await cluster.DiagnosePodAsync("attacker");

        Assert.That(result.ExitCode, Is.EqualTo(3), result.Stderr);
        cluster.AssertNothingReadOutsideShop();
        Assert.That(cluster.Server.Requests.Where(verb: "get", resource: "secrets"), Is.Empty, "an invalid Secret name is never requested");
        Assert.That(result.Stdout, Does.Contain("not a valid Secret name"));
        Assert.That(result.Stdout, Does.Contain("\"state\":\"Invalid\""));
        Assert.That(result.Stdout, Does.Not.Contain("payments-only-tag"), "nothing of the victim's appears");
    }

    [Test]
    public async Task ServiceAccountPullSecretName_IsNeverRequested()
    {
        await using var cluster = await VictimCluster.StartAsync();
        cluster.Server.Apply("""
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: builder, namespace: shop}
            imagePullSecrets:
            - name: ../../payments/secrets/regcred
            """);
        cluster.AddStuckPod("attacker", serviceAccount: "builder");

        var result = await cluster.DiagnosePodAsync("attacker");

        Assert.That(result.ExitCode, Is.EqualTo(3), result.Stderr);
        cluster.AssertNothingReadOutsideShop();
        Assert.That(cluster.Server.Requests.Where(verb: "get", resource: "secrets"), Is.Empty);
        Assert.That(result.Stdout, Does.Contain("not a valid Secret name"));
    }

    [TestCase("ReplicaSet", "../../../apis/apps/v1/namespaces/payments/replicasets/ledger")]
    [TestCase("ReplicaSet", "..%2F..%2Fpayments")]
    [TestCase("Job", "../../../../apis/batch/v1/namespaces/payments/jobs/payroll")]
    [TestCase("Job", "payroll/../../payments")]
    public async Task OwnerReferenceName_IsNeverRequested_AndNotSuggested(string kind, string hostile)
    {
        await using var cluster = await VictimCluster.StartAsync();
        cluster.AddStuckPod("attacker", owner: (kind == "Job" ? "batch/v1" : "apps/v1", kind, hostile));

        var result = await cluster.DiagnosePodAsync("attacker");

        Assert.That(result.ExitCode, Is.EqualTo(3), result.Stderr);
        cluster.AssertNothingReadOutsideShop();
        Assert.That(cluster.Server.Requests.Where(verb: "get", resource: kind == "Job" ? "jobs" : "replicasets"), Is.Empty);
        Assert.That(result.Stdout, Does.Not.Contain(hostile), "an owner that cannot exist is not offered as the thing to edit");
    }

    [Test]
    public async Task ValidNames_AreStillRead_InThePodsNamespaceOnly()
    {
        await using var cluster = await VictimCluster.StartAsync();
        cluster.AddStuckPod("honest", imagePullSecrets: ["regcred"]);

        var result = await cluster.DiagnosePodAsync("honest");

        Assert.That(result.ExitCode, Is.EqualTo(3), result.Stderr);
        cluster.AssertNothingReadOutsideShop();
        var reads = cluster.Server.Requests.Where(verb: "get", resource: "secrets");
        Assert.That(reads.Select(r => (r.Namespace, r.Name)), Is.EqualTo(new[] { ("shop", "regcred") }), "the control: a valid name is read where the pod lives");
        Assert.That(result.Stdout, Does.Contain("\"state\":\"Missing\""), "shop has no regcred; the one in payments does not count");
    }
}
