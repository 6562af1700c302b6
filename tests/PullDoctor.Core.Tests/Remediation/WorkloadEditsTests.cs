using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Core.Remediation;

namespace PullDoctor.Core.Tests.Remediation;

/// <summary>
/// The fix per kind of owner (issue 14's review: a JSON patch into /spec/template of a bare pod, rollout restart of a
/// CronJob, a CronJob whose stuck Job was never mentioned). That the commands work is proven with the real kubectl
/// in <c>SuggestedCommandsTests</c>; here, which kinds get which kind of step.
/// </summary>
public class WorkloadEditsTests
{
    private static RemediationContext Of(string kind, string name, string? via = null, ContainerKind container = ContainerKind.Container) => new()
    {
        Namespace = "payments",
        PodName = "nightly-report-29011-abcde",
        Workload = new WorkloadReference(kind, name) { ApiVersion = kind switch { "Job" or "CronJob" => "batch/v1", "Pod" => "v1", "Rollout" => "argoproj.io/v1alpha1", _ => "apps/v1" }, Via = via },
        ContainerName = "report",
        ContainerKind = container,
    };

    private static readonly PullFacts RegistryOnAPort = new() { Image = "127.0.0.1:5000/reports/nightly:2.4.0" };

    [Test]
    public void NeverPull_OnABarePod_SaysToRecreateIt_WithNoPatchOfATemplate()
    {
        var advice = AdviceWriter.Write(CauseCode.NeverPullPolicy, RegistryOnAPort, Of("Pod", "debug-tools"));

        Assert.Multiple(() =>
        {
            Assert.That(advice.Steps.Select(s => s.Command ?? string.Empty), Has.None.Contains("/spec/template"));
            Assert.That(advice.Steps[0].Text, Does.StartWith("A pod's imagePullPolicy cannot be changed: re-create the pod"));
        });
    }

    [Test]
    public void NeverPull_OnACronJob_PatchesTheJobTemplateByContainerName_AndDeletesTheStuckJob()
    {
        var advice = AdviceWriter.Write(CauseCode.NeverPullPolicy, RegistryOnAPort, Of("CronJob", "nightly-report", via: "nightly-report-29011"));

        Assert.That(advice.Steps.Select(s => s.Command).Take(2), Is.EqualTo(new[]
        {
            """kubectl -n payments patch cronjob/nightly-report -p '{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"report","imagePullPolicy":"IfNotPresent"}]}}}}}}'""",
            "kubectl -n payments delete job nightly-report-29011",
        }));
    }

    [Test]
    public void WrongTag_OnACronJob_KeepsTheRegistryPort_AndNamesTheStuckJob()
    {
        var advice = AdviceWriter.Write(CauseCode.TagNotFound, RegistryOnAPort, Of("CronJob", "nightly-report", via: "nightly-report-29011") with { SuggestedTags = ["2.4.1", "2.3.9"] });

        Assert.Multiple(() =>
        {
            Assert.That(advice.Steps[0].Command, Is.EqualTo("kubectl -n payments set image cronjob/nightly-report report=127.0.0.1:5000/reports/nightly:2.4.1"));
            Assert.That(advice.Steps[1].Command, Is.EqualTo("kubectl -n payments delete job nightly-report-29011"));
            Assert.That(advice.Steps[1].Text, Does.Contain("concurrencyPolicy: Forbid"));
        });
    }

    [Test]
    public void MissingRepository_OnACronJob_NeverSuggestsRolloutRestart()
    {
        var advice = AdviceWriter.Write(CauseCode.RepositoryNotFound, RegistryOnAPort, Of("CronJob", "invoice-export", via: "invoice-export-29011"));

        Assert.That(advice.Steps.Select(s => s.Command ?? string.Empty), Has.None.Contains("rollout restart"));
    }

    [Test]
    public void WrongTag_OnABareJob_SaysItsTemplateCannotChange()
    {
        var advice = AdviceWriter.Write(CauseCode.TagNotFound, RegistryOnAPort, Of("Job", "migrate") with { SuggestedTags = ["2.4.1"] });

        Assert.Multiple(() =>
        {
            Assert.That(advice.Steps[0].Command, Is.Null);
            Assert.That(advice.Steps[0].Text, Does.StartWith("A Job's pod template cannot be changed: delete job/migrate and create it again"));
        });
    }

    [Test]
    public void WrongTag_OnACustomOwner_SaysWhatToEdit_WithoutGuessingACommand()
    {
        var advice = AdviceWriter.Write(CauseCode.TagNotFound, RegistryOnAPort, Of("Rollout", "checkout") with { SuggestedTags = ["2.4.1"] });

        Assert.Multiple(() =>
        {
            Assert.That(advice.Steps[0].Command, Is.Null);
            Assert.That(advice.Steps[0].Text, Does.Contain("in Rollout checkout").And.Contain("127.0.0.1:5000/reports/nightly:2.4.1"));
        });
    }

    [Test]
    public void WrongTag_OnAReplicaSet_AlsoDeletesTheStuckPod()
    {
        var advice = AdviceWriter.Write(CauseCode.TagNotFound, RegistryOnAPort, Of("ReplicaSet", "reports") with { SuggestedTags = ["2.4.1"] });

        Assert.That(advice.Steps[1].Command, Is.EqualTo("kubectl -n payments delete pod nightly-report-29011-abcde"));
    }

    [Test]
    public void WrongTag_OfAnInitContainer_SetsItsImageByName_AndPatchesTheInitContainersList()
    {
        var context = Of("Deployment", "reports", container: ContainerKind.InitContainer) with { SuggestedTags = ["2.4.1"] };

        var tag = AdviceWriter.Write(CauseCode.TagNotFound, RegistryOnAPort, context);
        var never = AdviceWriter.Write(CauseCode.NeverPullPolicy, RegistryOnAPort, context);

        Assert.Multiple(() =>
        {
            Assert.That(tag.Steps[0].Text, Does.Contain("(init container report)"));
            Assert.That(tag.Steps[0].Command, Is.EqualTo("kubectl -n payments set image deployment/reports report=127.0.0.1:5000/reports/nightly:2.4.1"));
            Assert.That(never.Steps[0].Command, Does.Contain("\"initContainers\":[{\"name\":\"report\",\"imagePullPolicy\":\"IfNotPresent\"}]"));
        });
    }

    [Test]
    public void WrongTag_OfAnEphemeralContainer_SaysToStartANewOne()
    {
        var advice = AdviceWriter.Write(CauseCode.TagNotFound, RegistryOnAPort, Of("Pod", "web", container: ContainerKind.EphemeralContainer) with { SuggestedTags = ["2.4.1"] });

        Assert.That(advice.Steps[0].Text, Does.StartWith("The ephemeral container report cannot be changed"));
    }

    [Test]
    public void CorrectedReference_IsMarkedAsNotCheckedAgainstTheRegistry()
    {
        var advice = AdviceWriter.Write(CauseCode.InvalidImageReference, new PullFacts { Image = "registry.example.com/Team/Frontend:2.0" }, Of("Deployment", "frontend"));

        Assert.That(advice.Steps[0].Text, Does.Contain("not checked against the registry"));
    }

    [TestCase("Deployment", "apps/v1", WorkloadKind.Deployment)]
    [TestCase("Deployment", "example.com/v1", WorkloadKind.Custom)]
    [TestCase("CronJob", "batch/v1", WorkloadKind.CronJob)]
    [TestCase("CronJob", "batch/v1beta1", WorkloadKind.Custom)]
    [TestCase("Rollout", "argoproj.io/v1alpha1", WorkloadKind.Custom)]
    [TestCase("Pod", null, WorkloadKind.Pod)]
    public void Kind_IsBuiltInOnlyInItsOwnGroup(string kind, string? apiVersion, WorkloadKind expected)
    {
        Assert.That(WorkloadKinds.Of(kind, apiVersion), Is.EqualTo(expected));
    }

    [TestCase("Deployment", true)]
    [TestCase("StatefulSet", true)]
    [TestCase("Job", true)]
    [TestCase("CronJob", true)]
    [TestCase("DaemonSet", false)]
    [TestCase("Pod", false)]
    public void DiskPressure_CordonsTheKnownNode_ThenDeletesThePod_WhereAnOwnerRecreatesItElsewhere(string kind, bool moves)
    {
        var context = Of(kind, "nightly-report", via: kind == "CronJob" ? "nightly-report-29011" : null) with { NodeName = "node-7" };

        var advice = AdviceWriter.Write(CauseCode.DiskPressure, RegistryOnAPort, context);

        var commands = advice.Steps.Select(s => s.Command).OfType<string>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(advice.Summary, Does.Contain("node node-7 ran out of disk space"));
            Assert.That(commands, Is.EqualTo(moves ? new[] { "kubectl cordon node-7", "kubectl -n payments delete pod nightly-report-29011-abcde" } : Array.Empty<string>()),
                "cordoning alone never moves a pod; a DaemonSet's or bare pod's does not move at all");
        });
    }

    [Test]
    public void Retry_OnACronJob_SaysItsJobRecreatesThePod()
    {
        var advice = AdviceWriter.Write(CauseCode.RegistryServerError, RegistryOnAPort, Of("CronJob", "nightly-report", via: "nightly-report-29011"));

        Assert.That(advice.Steps.Single(s => s.Command?.Contains("delete pod", StringComparison.Ordinal) == true).Text, Does.Contain("(its Job nightly-report-29011 creates a new one)"));
    }

    [Test]
    public void PlatformMismatch_OnADaemonSet_OffersTheNodeSelector_SayingWhichNodesGoWithout()
    {
        var context = Of("DaemonSet", "log-agent") with { NodePlatform = "linux/arm64", AvailablePlatforms = ["linux/amd64"] };

        var advice = AdviceWriter.Write(CauseCode.PlatformMismatch, RegistryOnAPort, context);

        var step = advice.Steps.Single(s => s.Command is not null);
        Assert.Multiple(() =>
        {
            Assert.That(step.Command, Is.EqualTo("kubectl -n payments patch daemonset/log-agent -p '{\"spec\":{\"template\":{\"spec\":{\"nodeSelector\":{\"kubernetes.io/arch\":\"amd64\"}}}}}'"));
            Assert.That(step.Text, Does.Contain("linux/arm64 nodes go without it"));
        });
    }
}
