using PullDoctor.Operator.Hosting;

namespace PullDoctor.Operator.Tests.Hosting;

public sealed class OperatorOptionsReaderTests
{
    [Test]
    public void Read_NoSettings_Defaults()
    {
        var options = OperatorOptionsReader.Read(new Dictionary<string, string>());

        var defaults = new OperatorOptions();
        Assert.That(
            options with { Namespaces = [], AllowNetworks = [], DenyNetworks = [], PlainHttpRegistries = [] },
            Is.EqualTo(defaults with { Namespaces = [], AllowNetworks = [], DenyNetworks = [], PlainHttpRegistries = [] }).Using<OperatorOptions>((a, b) => a.ToString() == b.ToString()));
        Assert.That(options.Namespaces.Concat(options.PlainHttpRegistries), Is.Empty);
    }

    [Test]
    public void Read_EnvironmentStyleNames_AreBound()
    {
        var options = OperatorOptionsReader.Read(new Dictionary<string, string>
        {
            ["NAMESPACES"] = "shop, web",
            ["PROBE"] = "false",
            ["USE_PULL_SECRETS"] = "off",
            ["ALLOW_NETWORKS"] = "127.0.0.0/8,10.1.2.3",
            ["QPS"] = "20.5",
            ["LEADER_ELECTION"] = "true",
            ["LEASE_NAME"] = "pd",
            ["LEASE_DURATION"] = "30s",
            ["RENEW_DEADLINE"] = "20s",
            ["RETRY_PERIOD"] = "4s",
            ["PORT"] = "9090",
            ["WORKERS"] = "8",
            ["LOG_FORMAT"] = "JSON",
        });

        Assert.Multiple(() =>
        {
            Assert.That(options.Namespaces, Is.EqualTo(new[] { "shop", "web" }));
            Assert.That(options.Probe, Is.False);
            Assert.That(options.UsePullSecrets, Is.False);
            Assert.That(options.AllowNetworks.Select(n => n.ToString()), Is.EqualTo(new[] { "127.0.0.0/8", "10.1.2.3/32" }));
            Assert.That(options.Qps, Is.EqualTo(20.5));
            Assert.That(options.LeaseName, Is.EqualTo("pd"));
            Assert.That(options.LeaseDuration, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(options.Port, Is.EqualTo(9090));
            Assert.That(options.Workers, Is.EqualTo(8));
            Assert.That(options.LogFormat, Is.EqualTo("json"));
        });
    }

    [TestCase("QPS", "fast", "PULLDOCTOR_QPS: 'fast' is not a number")]
    [TestCase("PORT", "70000", "PULLDOCTOR_PORT: 70000 is out of range")]
    [TestCase("PROBE", "maybe", "PULLDOCTOR_PROBE: 'maybe' is not true or false")]
    [TestCase("NAMESPACES", "Shop", "PULLDOCTOR_NAMESPACES: 'Shop' is not a valid namespace name")]
    [TestCase("ALLOW_NETWORKS", "10.0.0.0/99", "PULLDOCTOR_ALLOW_NETWORKS: '10.0.0.0/99' is not a network in CIDR notation")]
    [TestCase("LEASE_DURATION", "soon", "PULLDOCTOR_LEASE_DURATION: 'soon' is not a positive duration")]
    [TestCase("LOG_FORMAT", "xml", "PULLDOCTOR_LOG_FORMAT: 'xml' is not one of auto, json, text")]
    [TestCase("CA_FILE", "/nonexistent/ca.pem", "PULLDOCTOR_CA_FILE: file '/nonexistent/ca.pem' does not exist")]
    [TestCase("PROBES", "true", "unknown setting PULLDOCTOR_PROBES")]
    public void Read_InvalidSetting_OneLineErrorNamingIt(string name, string value, string message)
    {
        var ex = Assert.Throws<OptionsException>(() => OperatorOptionsReader.Read(new Dictionary<string, string> { [name] = value }));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.StartWith(message));
            Assert.That(ex.Message, Does.Not.Contain('\n'));
        });
    }

    [Test]
    public void Read_UnknownSetting_ListsTheRealVariableNames()
    {
        var ex = Assert.Throws<OptionsException>(() => OperatorOptionsReader.Read(new Dictionary<string, string> { ["PROBES"] = "true" }));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("PULLDOCTOR_USE_PULL_SECRETS").And.Contain("PULLDOCTOR_PLAIN_HTTP_REGISTRIES").And.Contain("PULLDOCTOR_LOG_LEVEL"));
            Assert.That(ex.Message, Does.Not.Contain("PULLDOCTOR_USEPULLSECRETS"));
        });
    }

    [Test]
    public void Read_EveryListedName_IsAccepted()
    {
        var ex = Assert.Throws<OptionsException>(() => OperatorOptionsReader.Read(new Dictionary<string, string> { ["PROBES"] = "true" }));
        var listed = ex!.Message[(ex.Message.IndexOf("known: ", StringComparison.Ordinal) + 7)..].TrimEnd(')').Split(", ");

        foreach (var name in listed)
        {
            var settings = new Dictionary<string, string> { [name[OperatorOptionsReader.EnvironmentPrefix.Length..]] = "x" };
            string message;
            try
            {
                OperatorOptionsReader.Read(settings);
                message = string.Empty;
            }
            catch (OptionsException e)
            {
                message = e.Message;
            }

            // Invalid values are fine here ("x" is no number); only an unknown name is not.
            Assert.That(message, Does.Not.StartWith("unknown setting"), name);
        }
    }

    [Test]
    public void Read_LeaseTimingsClientGoWouldReject_AreRejected()
    {
        var ex = Assert.Throws<OptionsException>(() => OperatorOptionsReader.Read(new Dictionary<string, string> { ["LEASE_DURATION"] = "5s", ["RENEW_DEADLINE"] = "10s" }));

        Assert.That(ex!.Message, Is.EqualTo("PULLDOCTOR_LEASE_DURATION (5s) must be greater than PULLDOCTOR_RENEW_DEADLINE (10s)"));
    }

    [TestCase("500ms", 0.5)]
    [TestCase("15s", 15)]
    [TestCase("2m", 120)]
    [TestCase("1h", 3600)]
    [TestCase("7", 7)]
    public void TryParseDuration_GoStyle(string text, double seconds)
    {
        Assert.That(OperatorOptionsReader.TryParseDuration(text, out var duration), Is.True);
        Assert.That(duration, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }
}
