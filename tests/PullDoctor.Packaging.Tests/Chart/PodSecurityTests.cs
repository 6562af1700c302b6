using System.Text.Json.Nodes;
using PullDoctor.Packaging.Tests.Support;

namespace PullDoctor.Packaging.Tests.Chart;

/// <summary>
/// The operator's pod meets the "restricted" Pod Security Standard (pod-security.kubernetes.io/enforce:
/// restricted, Kubernetes v1.35 policy checks), plus a read-only root file system and a numeric non-root user,
/// for every rendered variant.
/// </summary>
public sealed class PodSecurityTests
{
    private static readonly HashSet<string> RestrictedVolumeTypes =
        ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    private static readonly HashSet<string> VolumeFields = ["name"];

    // Flipping a securityContext value away from the profile is the user's explicit choice; every other option
    // must leave the pod compliant.
    private static IEnumerable<ChartVariant> Variants() =>
        ChartVariant.All().Where(v => !v.Name.StartsWith("securityContext.", StringComparison.Ordinal) && !v.Name.StartsWith("podSecurityContext.", StringComparison.Ordinal));

    [TestCaseSource(nameof(Variants))]
    public async Task Deployment_Variant_MeetsTheRestrictedProfile(ChartVariant variant)
    {
        var chart = await Helm.RenderAsync([.. variant.Sets]);

        Assert.That(RestrictedViolations(K8s.PodSpec(chart.Single("Deployment"))), Is.Empty);
    }

    [Test]
    public async Task Deployment_Defaults_HardenedBeyondTheProfile()
    {
        var chart = await Helm.RenderAsync();
        var pod = K8s.PodSpec(chart.Single("Deployment"));
        var container = K8s.Container(chart.Single("Deployment"));
        var podContext = pod["securityContext"]!;
        var containerContext = container["securityContext"]!;

        Assert.Multiple(() =>
        {
            Assert.That((bool?)containerContext["readOnlyRootFilesystem"], Is.True);
            Assert.That((bool?)containerContext["allowPrivilegeEscalation"], Is.False);
            Assert.That(containerContext["capabilities"]!["drop"]!.AsArray().Select(c => (string?)c), Is.EqualTo(new[] { "ALL" }));
            Assert.That(containerContext["capabilities"]!["add"], Is.Null);
            Assert.That((bool?)podContext["runAsNonRoot"], Is.True);
            Assert.That((long?)podContext["runAsUser"], Is.GreaterThan(0), "a numeric non-root user");
            Assert.That((long?)podContext["runAsGroup"], Is.GreaterThan(0));
            Assert.That((string?)podContext["seccompProfile"]!["type"], Is.EqualTo("RuntimeDefault"));
        });
    }

    [Test]
    public async Task Deployment_RunAsUser_IsTheImageUser()
    {
        // The Dockerfile's USER and the chart's runAsUser are the same number, so files the image owns stay readable.
        var chart = await Helm.RenderAsync();
        var dockerUser = Dockerfile.Load().FinalStage.User;

        Assert.That(K8s.PodSpec(chart.Single("Deployment"))["securityContext"]!["runAsUser"]!.ToString(), Is.EqualTo(dockerUser));
    }

    /// <summary>The restricted profile's checks (k8s.io/pod-security-admission/policy, baseline and restricted).</summary>
    internal static IReadOnlyList<string> RestrictedViolations(JsonObject pod)
    {
        var violations = new List<string>();
        var podContext = pod["securityContext"] as JsonObject ?? [];
        foreach (var field in new[] { "hostNetwork", "hostPID", "hostIPC" })
        {
            if ((bool?)pod[field] == true)
            {
                violations.Add($"{field}: true");
            }
        }

        foreach (var volume in pod["volumes"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var types = volume.Select(p => p.Key).Where(k => !VolumeFields.Contains(k)).ToArray();
            if (types.Any(t => !RestrictedVolumeTypes.Contains(t)))
            {
                violations.Add($"volume {volume["name"]}: type {string.Join(",", types)} is not allowed");
            }
        }

        if (podContext["sysctls"] is JsonArray { Count: > 0 })
        {
            violations.Add("pod sysctls");
        }

        CheckSeLinux(podContext, "pod", violations);
        CheckAppArmor(podContext, "pod", violations);
        if ((long?)podContext["runAsUser"] == 0)
        {
            violations.Add("pod runAsUser 0");
        }

        var containers = new[] { "initContainers", "containers", "ephemeralContainers" }
            .SelectMany(list => pod[list]?.AsArray().OfType<JsonObject>() ?? []);
        foreach (var container in containers)
        {
            var name = $"container {container["name"]}";
            var context = container["securityContext"] as JsonObject ?? [];
            if ((bool?)context["privileged"] == true)
            {
                violations.Add($"{name}: privileged");
            }

            if ((bool?)context["allowPrivilegeEscalation"] != false)
            {
                violations.Add($"{name}: allowPrivilegeEscalation must be false");
            }

            if (((bool?)context["runAsNonRoot"] ?? (bool?)podContext["runAsNonRoot"]) != true)
            {
                violations.Add($"{name}: runAsNonRoot must be true (pod or container)");
            }

            if ((long?)context["runAsUser"] == 0)
            {
                violations.Add($"{name}: runAsUser 0");
            }

            var seccomp = (string?)context["seccompProfile"]?["type"] ?? (string?)podContext["seccompProfile"]?["type"];
            if (seccomp is not ("RuntimeDefault" or "Localhost"))
            {
                violations.Add($"{name}: seccompProfile must be RuntimeDefault or Localhost (pod or container), is {seccomp ?? "unset"}");
            }

            var drop = context["capabilities"]?["drop"]?.AsArray().Select(c => (string?)c) ?? [];
            if (!drop.Contains("ALL"))
            {
                violations.Add($"{name}: capabilities must drop ALL");
            }

            var add = context["capabilities"]?["add"]?.AsArray().Select(c => (string?)c) ?? [];
            if (add.Any(c => c != "NET_BIND_SERVICE"))
            {
                violations.Add($"{name}: capabilities may add only NET_BIND_SERVICE");
            }

            if (context["procMount"] is { } procMount && (string?)procMount != "Default")
            {
                violations.Add($"{name}: procMount");
            }

            if (container["ports"]?.AsArray().OfType<JsonObject>().Any(p => (long?)p["hostPort"] is > 0) == true)
            {
                violations.Add($"{name}: hostPort");
            }

            CheckSeLinux(context, name, violations);
            CheckAppArmor(context, name, violations);
        }

        return violations;
    }

    private static void CheckSeLinux(JsonObject context, string where, List<string> violations)
    {
        if (context["seLinuxOptions"] is not JsonObject options)
        {
            return;
        }

        if ((string?)options["type"] is { Length: > 0 } type && type is not ("container_t" or "container_init_t" or "container_kvm_t" or "container_engine_t"))
        {
            violations.Add($"{where}: seLinuxOptions.type {type}");
        }

        if (options["user"] is not null || options["role"] is not null)
        {
            violations.Add($"{where}: seLinuxOptions user/role");
        }
    }

    private static void CheckAppArmor(JsonObject context, string where, List<string> violations)
    {
        if ((string?)context["appArmorProfile"]?["type"] == "Unconfined")
        {
            violations.Add($"{where}: appArmorProfile Unconfined");
        }
    }
}
