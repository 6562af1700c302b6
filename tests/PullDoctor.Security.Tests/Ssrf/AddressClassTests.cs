using System.Net;
using PullDoctor.Registry.Network;

namespace PullDoctor.Security.Tests.Ssrf;

/// <summary>The order of address classes a redirect may never climb, and the metadata addresses in every disguise.</summary>
public sealed class AddressClassTests
{
    [TestCase("8.8.8.8", AddressClass.Public)]
    [TestCase("2606:4700::1111", AddressClass.Public)]
    [TestCase("10.1.2.3", AddressClass.Private)]
    [TestCase("172.16.0.1", AddressClass.Private)]
    [TestCase("192.168.1.1", AddressClass.Private)]
    [TestCase("100.64.0.1", AddressClass.Private)]
    [TestCase("fd12:3456::1", AddressClass.Private)]
    [TestCase("::ffff:10.0.0.1", AddressClass.Private)]
    [TestCase("64:ff9b::a00:1", AddressClass.Private)]
    [TestCase("169.254.169.254", AddressClass.LinkLocal)]
    [TestCase("fe80::1", AddressClass.LinkLocal)]
    [TestCase("127.0.0.1", AddressClass.Loopback)]
    [TestCase("::1", AddressClass.Loopback)]
    [TestCase("::ffff:127.0.0.1", AddressClass.Loopback)]
    [TestCase("64:ff9b::7f00:1", AddressClass.Loopback)]
    [TestCase("0.0.0.0", AddressClass.Loopback)]
    public void Classify_PutsRealAddressesInTheirClass(string address, AddressClass expected) =>
        Assert.That(NetworkPolicy.Operator.Classify(IPAddress.Parse(address)), Is.EqualTo(expected));

    [TestCase("8.8.8.8", "10.0.0.1", false)]
    [TestCase("8.8.8.8", "100.64.1.1", false)]
    [TestCase("8.8.8.8", "fd00::1", false)]
    [TestCase("8.8.8.8", "127.0.0.1", false)]
    [TestCase("10.0.0.1", "127.0.0.1", false)]
    [TestCase("10.0.0.1", "fe80::1", false)]
    [TestCase("8.8.8.8", "1.1.1.1", true)]
    [TestCase("10.0.0.1", "10.0.0.2", true)]
    [TestCase("10.0.0.1", "52.95.1.1", true)]
    [TestCase("127.0.0.1", "127.0.0.1", true)]
    public void EvaluateHop_NeverMovesToAMorePrivateClass(string origin, string target, bool allowed)
    {
        var policy = NetworkPolicy.CommandLine;

        var decision = policy.EvaluateHop(policy.Classify(IPAddress.Parse(origin)), IPAddress.Parse(target));

        Assert.That(decision.Allowed, Is.EqualTo(allowed), decision.Reason);
    }

    [Test]
    public void EvaluateHop_ExplicitlyAllowedNetworksCountAsExternal()
    {
        var policy = NetworkPolicy.Operator with { AllowedNetworks = [IPNetwork.Parse("10.20.0.0/16")] };

        Assert.Multiple(() =>
        {
            Assert.That(policy.Classify(IPAddress.Parse("10.20.1.1")), Is.EqualTo(AddressClass.Public));
            Assert.That(policy.EvaluateHop(AddressClass.Public, IPAddress.Parse("10.20.1.1")).Allowed, Is.True);
            Assert.That(policy.EvaluateHop(AddressClass.Public, IPAddress.Parse("10.30.1.1")).Allowed, Is.False);
        });
    }

    [TestCase("fd20:ce::254", Description = "GCP metadata over IPv6")]
    [TestCase("fd00:ec2::254", Description = "AWS metadata over IPv6")]
    [TestCase("64:ff9b::a9fe:a9fe", Description = "NAT64 169.254.169.254")]
    [TestCase("64:ff9b::169.254.169.254", Description = "NAT64, dotted")]
    [TestCase("64:ff9b:1::a9fe:a9fe", Description = "local-use NAT64 (RFC 8215)")]
    [TestCase("::ffff:169.254.169.254", Description = "IPv4-mapped")]
    [TestCase("::169.254.169.254", Description = "IPv4-compatible")]
    [TestCase("2002:a9fe:a9fe::1", Description = "6to4")]
    [TestCase("64:ff9b::6464:64c8", Description = "NAT64 Alibaba 100.100.100.200")]
    [TestCase("64:ff9b::a83f:8110", Description = "NAT64 Azure wireserver 168.63.129.16")]
    [TestCase("::ffff:168.63.129.16", Description = "IPv4-mapped Azure wireserver")]
    public void MetadataAddresses_AreDeniedInEveryForm(string address)
    {
        Assert.Multiple(() =>
        {
            Assert.That(NetworkPolicy.Operator.Evaluate(IPAddress.Parse(address)).Allowed, Is.False, "operator");
            Assert.That(NetworkPolicy.CommandLine.Evaluate(IPAddress.Parse(address)).Allowed, Is.False, "command line");
        });
    }

    [TestCase("64:ff9b::7f00:1")]
    [TestCase("::127.0.0.1")]
    public void LoopbackInDisguise_IsDeniedForTheOperator(string address) =>
        Assert.That(NetworkPolicy.Operator.Evaluate(IPAddress.Parse(address)).Allowed, Is.False);
}
