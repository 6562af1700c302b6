using PullDoctor.Core.Causes;
using PullDoctor.Core.References;

namespace PullDoctor.Core.Remediation;

/// <summary>Advice for reaching the registry: rate limits, DNS, connections, TLS, protocol, 5xx.</summary>
public static partial class AdviceWriter
{
    private static Advice RateLimited(AdviceSubject s)
    {
        var reset = s.Context.RateLimitReset is { } when ? $" The limit resets {when}." : string.Empty;
        var hub = s.Reference?.IsDockerHub == true || s.Host.EndsWith("docker.io", StringComparison.Ordinal);
        return Of(
            $"{s.Image}: {s.DisplayHost} is rate-limiting pulls (429 Too Many Requests).{reset}",
            $"The registry {s.DisplayHost} refused the pull because too many pulls came from this source{RegistrySaid(s)}.{reset}{(hub ? " Docker Hub limits anonymous pulls per IP address; a cluster behind one NAT shares that limit." : string.Empty)}",
            [
                .. Authenticate(s),
                Step($"Use a mirror or pull-through cache for {s.DisplayHost} (containerd hosts.toml mirror, Harbor/ECR/Artifact Registry remote repository) and reduce pulls: imagePullPolicy IfNotPresent with pinned tags."),
            ]);

        // Pulls that already carry a found pull secret are counted against that account: another secret does not help.
        static IEnumerable<RemediationStep> Authenticate(AdviceSubject s) =>
            s.Context.PullSecrets.FirstOrDefault(p => p.State == PullSecretState.Found) is { } used
                ? [Step($"The pulls already authenticate with pull secret {used.Name}: the limit reached is that account's (accounts have pull limits too); use an account with a higher limit, or pull less often.")]
                : [Step($"Authenticate the pulls (authenticated accounts get a higher limit):", s.Kubectl.CreatePullSecret(s.RegistryServer)), .. s.Edits.AttachPullSecret(KubectlCommands.DefaultSecretName)];
    }

    private static Advice DnsResolutionFailed(AdviceSubject s)
    {
        var name = s.Facts.DnsName ?? s.Host;
        var server = s.Facts.DnsServer is { } dns ? $" (asked {dns})" : string.Empty;
        if (s.Facts.DnsLookupTimedOut)
        {
            return DnsLookupTimedOut(s, name);
        }

        return Of(
            $"{s.Image}: registry host {name} does not resolve.",
            $"The node could not resolve the registry host name {name}{server}. Either the name is misspelled, or the node's DNS cannot see it (a private DNS zone, a broken resolver, or no DNS egress).",
            [
                .. s.Edits.SetImage(WithHost(s, "<registry-host>"), $"Check the host name {name} in the image of {s.Where} for typos; fix it:"),
                Step($"Check from a node or pod that the name resolves:", $"kubectl run dnscheck --rm -it --restart=Never --image=busybox:1.36 -- nslookup {KubectlCommands.Server(name)}"),
                Step("If it is a private registry, make its zone resolvable from the nodes (the kubelet and runtime use the node's resolver, not cluster DNS)."),
            ]);
    }

    // The resolver never answered: the name may be right, the DNS server is what to look at. The kubelet
    // and the runtime use the node's resolver (its /etc/resolv.conf), not cluster DNS.
    private static Advice DnsLookupTimedOut(AdviceSubject s, string name)
    {
        var server = DnsServerAddress(s.Facts.DnsServer);
        var node = s.Context.NodeName is { } nodeName ? ShellQuoting.Quote($"node/{nodeName}") : "node/<node>";
        return Of(
            $"{s.Image}: the DNS lookup of {name} timed out.",
            $"The node's DNS server{(server is null ? string.Empty : $" {server}")} did not answer the lookup of {name} in time. The name may well be right: the resolver the node uses is unreachable or overloaded, or DNS traffic (port 53, UDP and TCP) is blocked on the way to it.",
            [
                Step("Ask that server from the node itself (a node debug pod shares the node's network):",
                    $"kubectl debug {node} -it --image=busybox:1.36 -- nslookup {KubectlCommands.Server(name)}{(server is null ? string.Empty : " " + server)}"),
                Step("Check the node's resolver configuration (/etc/resolv.conf, systemd-resolved) and that the DNS server is up and reachable from the node's subnet (firewall, security groups, NACLs)."),
            ]);
    }

    // "10.96.0.10:53", "[fd00::10]:53" or a bare address: the address alone, for nslookup's server argument.
    private static string? DnsServerAddress(string? server)
    {
        if (server is null)
        {
            return null;
        }

        var address = server.StartsWith('[') && server.IndexOf(']', StringComparison.Ordinal) is > 1 and var close ? server[1..close]
            : server.Count(c => c == ':') == 1 ? server[..server.IndexOf(':', StringComparison.Ordinal)] : server;
        return System.Net.IPAddress.TryParse(address, out var ip) ? ip.ToString() : null;
    }

    // Go's "proxyconnect tcp: …": the runtime goes through an HTTP(S) proxy and the hop to the proxy failed,
    // so the registry was never reached and nothing about it (its port, its certificate) is in question.
    private static Advice ThroughProxy(CauseCode cause, AdviceSubject s)
    {
        var proxy = s.Facts.ProxyAddress is { } address ? $"the HTTP proxy {address}" : "the node's HTTP proxy";
        var what = cause switch
        {
            CauseCode.ConnectionRefused => "refused the connection",
            CauseCode.DnsResolutionFailed => "does not resolve",
            CauseCode.NetworkTimeout => "did not answer in time",
            CauseCode.HttpProtocolMismatch => "was spoken to in TLS but answers plain HTTP (or the reverse)",
            _ => "presented a certificate the node does not trust",
        };
        var malformed = cause == CauseCode.DnsResolutionFailed && s.Facts.ProxyAddress is "http" or "https"
            ? " The proxy's host name is \"" + s.Facts.ProxyAddress + "\": the proxy URL itself is malformed (a doubled scheme such as http://http://…)."
            : string.Empty;
        return Of(
            $"{s.Image}: the pull goes through {proxy}, which {what}.",
            $"The container runtime is set to use an HTTP(S) proxy (HTTPS_PROXY / HTTP_PROXY in its environment), and the hop to the proxy failed: {proxy} {what}. The registry {s.Host} was never reached.{malformed}",
            Step("Check the proxy settings of the container runtime on the node (not of your shell):", "systemctl show --property=Environment containerd"),
            Step($"Make sure the proxy is running and reachable from the node, and that HTTPS_PROXY names it with the scheme it speaks (http:// for most proxies); if {s.Host} should not go through the proxy, add it to NO_PROXY for the runtime and restart the runtime."));
    }

    private static Advice ConnectionRefused(AdviceSubject s) => Of(
        $"{s.Image}: {s.Host} refused the connection.",
        $"The registry host {s.Host} resolves, but nothing accepts connections on its port: the registry is down, or the port in the image reference is wrong.",
        [
            Step($"Check that the registry at {s.Host} is running and listening on the port in the image (443 when none is written)."),
            .. s.Edits.SetImage(WithHost(s, $"{(s.Reference is { } r ? HostName(r.Domain) : "<registry-host>")}:<port>"), $"If the port is wrong, fix the image of {s.Where}:"),
        ]);

    private static Advice NetworkTimeout(AdviceSubject s) => Of(
        $"{s.Image}: the connection to {s.Host} timed out.",
        $"The node got no answer from {s.Host} in time{(s.Facts.RuntimeError is { } e ? $" ({Truncate(LastPart(e), 160)})" : string.Empty)}. Packets are being dropped on the way: an egress firewall or security group, a missing HTTP(S) proxy setting for the runtime, a NetworkPolicy or a registry that is overloaded.",
        Step($"Check that nodes may reach {s.Host}:443 (firewall, security groups, NAT gateway)."),
        Step("If nodes need a proxy, set HTTPS_PROXY/NO_PROXY for the container runtime (containerd's systemd unit), not only for your shell."),
        Step("Test from a node:", $"curl -v {(ReferenceGrammar.IsHost(s.Host) ? ShellQuoting.Quote($"https://{s.Host}/v2/") : "https://<registry-host>/v2/")}"));

    private static Advice TlsCertificateError(AdviceSubject s)
    {
        var problem = s.Facts.TlsProblem ?? "the certificate did not verify";
        return Of(
            $"{s.Image}: TLS certificate of {s.Host} is not trusted: {problem}.",
            $"The node refused {s.Host}'s certificate: {problem}. The runtime verifies registry certificates with the node's trust store, not the cluster's.",
            Step($"If the registry uses a private CA, trust it on every node: containerd /etc/containerd/certs.d/{s.Host}/hosts.toml with ca = \"/etc/containerd/certs.d/{s.Host}/ca.crt\" (CRI-O: /etc/containers/certs.d/{s.Host}/ca.crt)."),
            Step($"Otherwise fix the certificate served by {s.Host}: renew it if expired, and make sure its subject alternative names include {s.Host}."));
    }

    private static Advice HttpProtocolMismatch(AdviceSubject s) => Of(
        $"{s.Image}: {s.Host} speaks plain HTTP but the node used HTTPS (or the reverse).",
        $"The runtime spoke HTTPS to {s.Host}, which answered in plain HTTP (or the other way around). Runtimes use HTTPS unless told a registry is plain HTTP.",
        Step($"Serve the registry over TLS (recommended), or declare it plain HTTP on every node: containerd /etc/containerd/certs.d/{s.Host}/hosts.toml with server = \"http://{s.Host}\" (CRI-O: insecure = true for it in /etc/containers/registries.conf)."),
        Step("Check the port in the image reference: a TLS port and a plain-HTTP port are often mixed up."));

    private static Advice RegistryServerError(AdviceSubject s) => Of(
        $"{s.Image}: {s.DisplayHost} answered with a server error{Status(s)}.",
        $"The registry {s.DisplayHost} failed while serving the pull{Status(s)}. This is the registry's (or its proxy's) fault, not the pod's; the kubelet retries with back-off.",
        Step($"Check the registry's status page or logs for {s.DisplayHost}."),
        s.Edits.Retry("Once it recovers"));

    // The host of a grammar-checked domain without its port: "[::1]" of "[::1]:5000", "registry" of "registry:5000".
    private static string HostName(string domain)
    {
        var end = domain.StartsWith('[') ? domain.IndexOf(']', StringComparison.Ordinal) + 1 : domain.IndexOf(':', StringComparison.Ordinal);
        return end > 0 ? domain[..end] : domain;
    }

    // The innermost error of a Go chain, e.g. "i/o timeout" out of "dial tcp 1.2.3.4:443: i/o timeout".
    private static string LastPart(string error)
    {
        var at = error.LastIndexOf(": ", StringComparison.Ordinal);
        return at < 0 ? error : error[(at + 2)..];
    }
}
