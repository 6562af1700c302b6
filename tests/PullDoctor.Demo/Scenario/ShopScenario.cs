using PullDoctor.RegistryFixtures.Kubelet;
using k8s.Models;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Demo.Scenario;

/// <summary>
/// Namespace <c>shop</c>: one stuck pod per common cause, owned as such pods are (Deployments, a CronJob's Job, a
/// bare pod), with the kubelet's status and Events. Causes whose registry is not running are skipped.
/// </summary>
internal static class ShopScenario
{
    public const string Namespace = "shop";
    public const string NodeName = "node-1";

    // A name under .invalid never resolves (RFC 2606), here or anywhere.
    private const string UnresolvableRegistry = "registry.shop.invalid:5000";

    public static (IReadOnlyList<StagedPod> Staged, IReadOnlyList<SkippedCause> Skipped) Stage(ClusterObjects cluster, DemoRegistries registries, string refusingHost)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(registries);
        cluster.Node("linux", "amd64");
        cluster.ServiceAccount("default");
        var staged = new List<StagedPod>();
        var skipped = new List<SkippedCause>();

        void Needs(RegistryKind kind, string cause, string story, Func<TestRegistry, StagedPod> stage)
        {
            if (registries[kind] is { } registry)
            {
                staged.Add(stage(registry));
            }
            else
            {
                skipped.Add(new SkippedCause(cause, story, registries.Unavailable.GetValueOrDefault(kind, "no registry")));
            }
        }

        Needs(RegistryKind.Open, "TagNotFound", "tag 1.25.x does not exist (1.25.3 does)", r =>
        {
            var image = r.ImageReference("shop/web", "1.25.x");
            var pod = cluster.Deployment("web", "5d8f7c9b4", "x2x9q", Container("web", image), Failure.Pull(image, KubeletPullMessages.NotFound(image), backingOff: true));
            return new StagedPod("deployment/web", pod, "TagNotFound", image, "tag 1.25.x does not exist (1.25.3 does)");
        });
        Needs(RegistryKind.Open, "RepositoryNotFound", "repository shop/kart does not exist (shop/cart does)", r =>
        {
            var image = r.ImageReference("shop/kart", "2.4");
            var pod = cluster.Deployment("cart", "6b7c8d9f5", "q7w2e", Container("cart", image), Failure.Pull(image, KubeletPullMessages.NotFound(image), backingOff: false));
            return new StagedPod("deployment/cart", pod, "RepositoryNotFound", image, "repository shop/kart does not exist (shop/cart does)");
        });
        Needs(RegistryKind.PasswordProtected, "PullSecretMissing", "private image; imagePullSecrets names payments-registry, which does not exist", r =>
        {
            var image = r.ImageReference("shop/payments", "3.2");
            var failed = KubeletPullMessages.Unauthorized(image, r.Host, "shop/payments", "3.2");
            var pod = cluster.Deployment("payments", "7f9c4d6b8", "m4n8p", Container("payments", image), Failure.Pull(image, failed, backingOff: true, [new KubeletEvent("Warning", "FailedToRetrieveImagePullSecret", KubeletPullMessages.SecretMissing("payments-registry"), 10, PodLevel: true)]), ["payments-registry"]);
            return new StagedPod("deployment/payments", pod, "PullSecretMissing", image, "private image; imagePullSecrets names payments-registry, which does not exist");
        });
        Needs(RegistryKind.PasswordProtected, "AuthenticationFailed", "private image; secret checkout-registry has a wrong password", r =>
        {
            var image = r.ImageReference("shop/checkout", "1.4");
            cluster.DockerRegistrySecret("checkout-registry", r.Host, DemoRegistries.PushedUser, "not-the-password");
            var failed = KubeletPullMessages.Unauthorized(image, r.Host, "shop/checkout", "1.4");
            var pod = cluster.Deployment("checkout", "84c6f5d7b", "z9k3d", Container("checkout", image), Failure.Pull(image, failed, backingOff: true), ["checkout-registry"]);
            return new StagedPod("deployment/checkout", pod, "AuthenticationFailed", image, "private image; secret checkout-registry has a wrong password");
        });
        Needs(RegistryKind.PasswordProtected, "AuthenticationRequired", "private image; no pull secret at all", r =>
        {
            var image = r.ImageReference("shop/billing", "7.1");
            var failed = KubeletPullMessages.Unauthorized(image, r.Host, "shop/billing", "7.1");
            var pod = cluster.Deployment("billing", "5c8d7b6f9", "h2j6l", Container("billing", image), Failure.Pull(image, failed, backingOff: true));
            return new StagedPod("deployment/billing", pod, "AuthenticationRequired", image, "private image; no pull secret at all");
        });

        {
            var image = $"{UnresolvableRegistry}/shop/report:1.0";
            var failed = KubeletPullMessages.NoSuchHost(image, UnresolvableRegistry, "shop/report", "1.0");
            var pod = cluster.CronJob("nightly-report", "0 2 * * *", "29412360", "7xk2p", Container("report", image), Failure.Pull(image, failed, backingOff: true));
            staged.Add(new StagedPod("cronjob/nightly-report", pod, "DnsResolutionFailed", image, "registry host does not resolve"));
        }

        {
            var image = $"{refusingHost}/shop/inventory:1.0";
            var failed = KubeletPullMessages.ConnectionRefused(image, refusingHost, "shop/inventory", "1.0");
            var pod = cluster.Deployment("inventory", "9d5f6c7b8", "r5t7y", Container("inventory", image), Failure.Pull(image, failed, backingOff: false));
            staged.Add(new StagedPod("deployment/inventory", pod, "ConnectionRefused", image, "nothing listens on the registry's port"));
        }

        Needs(RegistryKind.UntrustedTls, "TlsCertificateError", "registry's certificate is from a CA nobody trusts", r =>
        {
            var image = r.ImageReference("shop/search", "2.0");
            var failed = KubeletPullMessages.UnknownAuthority(image, r.Host, "shop/search", "2.0");
            var pod = cluster.Deployment("search", "6f8b9c5d7", "w3e5r", Container("search", image), Failure.Pull(image, failed, backingOff: true));
            return new StagedPod("deployment/search", pod, "TlsCertificateError", image, "registry's certificate is from a CA nobody trusts");
        });
        Needs(RegistryKind.Open, "PlatformMismatch", "image is built for linux/arm64 only; the node is linux/amd64", r =>
        {
            var image = r.ImageReference("shop/thumbnails", "1.0");
            var pod = cluster.Deployment("thumbnails", "7b9d8c6f5", "p8o6i", Container("thumbnails", image), Failure.Pull(image, KubeletPullMessages.NoMatchForPlatform(image), backingOff: true));
            return new StagedPod("deployment/thumbnails", pod, "PlatformMismatch", image, "image is built for linux/arm64 only; the node is linux/amd64");
        });

        {
            const string image = "busybox:1.36";
            var pod = cluster.BarePod("debug-shell", Container("debug-shell", image, "Never"), Failure.NeverPull(image));
            staged.Add(new StagedPod("pod/debug-shell", pod, "NeverPullPolicy", image, "imagePullPolicy: Never, image not on the node"));
        }

        {
            const string image = "ghcr.io/Shop/admin:1.0";
            var pod = cluster.Deployment("admin", "8c7d6b5f9", "u1y3t", Container("admin", image), Failure.InvalidName(image));
            staged.Add(new StagedPod("deployment/admin", pod, "InvalidImageReference", image, "upper case in the repository name"));
        }

        return (staged, skipped);
    }

    private static V1Container Container(string name, string image, string pullPolicy = "IfNotPresent") => new()
    {
        Name = name,
        Image = image,
        ImagePullPolicy = pullPolicy,
        TerminationMessagePath = "/dev/termination-log",
        TerminationMessagePolicy = "File",
    };
}
