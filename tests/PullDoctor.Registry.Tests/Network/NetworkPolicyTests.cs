using System.Net;
using PullDoctor.Registry.Network;

namespace PullDoctor.Registry.Tests.Network;

public sealed class NetworkPolicyTests
{
    [TestCase("169.254.169.254")]
    [TestCase("169.254.1.1")]
    [TestCase("fe80::1")]
    [TestCase("fd00:ec2::254")]
    [TestCase("100.100.100.200")]
    [TestCase("168.63.129.16")]
    [TestCase("0.0.0.0")]
    [TestCase("::ffff:169.254.169.254")]
    [TestCase("224.0.0.1")]
    public void Evaluate_MetadataAndLinkLocal_DeniedForEveryone(string address)
    {
        Assert.Multiple(() =>
        {
            Assert.That(NetworkPolicy.Operator.Evaluate(IPAddress.Parse(address)).Allowed, Is.False);
            Assert.That(NetworkPolicy.CommandLine.Evaluate(IPAddress.Parse(address)).Allowed, Is.False);
        });
    }

    [TestCase("127.0.0.1")]
    [TestCase("127.1.2.3")]
    [TestCase("::1")]
    public void Evaluate_Loopback_DeniedForOperatorAllowedForCommandLine(string address)
    {
        Assert.Multiple(() =>
        {
            Assert.That(NetworkPolicy.Operator.Evaluate(IPAddress.Parse(address)).Reason, Does.Contain("loopback"));
            Assert.That(NetworkPolicy.CommandLine.Evaluate(IPAddress.Parse(address)).Allowed, Is.True);
        });
    }

    [TestCase("10.1.2.3")]
    [TestCase("192.168.1.10")]
    [TestCase("140.82.112.33")]
    [TestCase("2606:4700::1")]
    public void Evaluate_OrdinaryAddresses_Allowed(string address) =>
        Assert.That(NetworkPolicy.Operator.Evaluate(IPAddress.Parse(address)).Allowed, Is.True);

    [Test]
    public void Evaluate_AllowedNetwork_OverridesBuiltInDeny()
    {
        var policy = NetworkPolicy.CommandLine with { AllowedNetworks = [IPNetwork.Parse("169.254.10.0/24")] };

        Assert.Multiple(() =>
        {
            Assert.That(policy.Evaluate(IPAddress.Parse("169.254.10.5")).Allowed, Is.True);
            Assert.That(policy.Evaluate(IPAddress.Parse("169.254.169.254")).Allowed, Is.False);
        });
    }

    [Test]
    public void Evaluate_DeniedNetwork_WinsOverAllowed()
    {
        var policy = NetworkPolicy.Operator with
        {
            AllowedNetworks = [IPNetwork.Parse("10.0.0.0/8")],
            DeniedNetworks = [IPNetwork.Parse("10.96.0.0/12")],
        };

        Assert.Multiple(() =>
        {
            Assert.That(policy.Evaluate(IPAddress.Parse("10.96.0.10")).Allowed, Is.False);
            Assert.That(policy.Evaluate(IPAddress.Parse("10.1.0.1")).Allowed, Is.True);
        });
    }

    [TestCase("metadata.google.internal")]
    [TestCase("METADATA.google.internal.")]
    [TestCase("metadata")]
    [TestCase("instance-data.ec2.internal")]
    public void EvaluateHostName_MetadataNames_Denied(string host) =>
        Assert.That(NetworkPolicy.CommandLine.EvaluateHostName(host).Allowed, Is.False);

    [TestCase("localhost", true)]
    [TestCase("127.0.0.1", true)]
    [TestCase("[::1]", true)]
    [TestCase("registry.test", false)]
    [TestCase("10.0.0.1", false)]
    public void IsLoopbackName_MatchesWhatRuntimesTreatAsLocal(string host, bool expected) =>
        Assert.That(NetworkPolicy.IsLoopbackName(host), Is.EqualTo(expected));

    [TestCase("10.0.0.0/8", true)]
    [TestCase("169.254.169.254", true)]
    [TestCase("fd00::/8", true)]
    [TestCase("10.0.0.0/33", false)]
    [TestCase("nonsense", false)]
    public void TryParseNetwork_AcceptsCidrsAndBareAddresses(string text, bool valid) =>
        Assert.That(NetworkPolicy.TryParseNetwork(text, out _), Is.EqualTo(valid));
}
