using PullDoctor.Operator.Hosting;

namespace PullDoctor.Operator.Tests.Hosting;

/// <summary><c>pulldoctor run --help</c> documents the settings from the same list the reader validates against.</summary>
public sealed class OperatorOptionsHelpTests
{
    [Test]
    public void Help_ListsEverySettingWithItsDefault_AndEveryListedSettingIsAccepted()
    {
        var help = OperatorOptionsReader.Help();

        Assert.Multiple(() =>
        {
            foreach (var setting in OperatorOptionsReader.Settings)
            {
                Assert.That(help, Does.Contain($"{setting.Variable} ").And.Contain($"(default: {setting.Default})"), setting.Name);
                if (!setting.Default.StartsWith('('))
                {
                    // The documented default, set explicitly, is valid and means the same as leaving it out.
                    Assert.That(() => OperatorOptionsReader.Read(new Dictionary<string, string> { [setting.Name] = setting.Default }), Throws.Nothing, setting.Name);
                }
            }

            Assert.That(() => OperatorOptionsReader.Read(new Dictionary<string, string> { ["NO_SUCH_SETTING"] = "1" }), Throws.TypeOf<OptionsException>());
            Assert.That(OperatorOptionsReader.Read(new Dictionary<string, string> { ["PROBE_WAIT"] = "5s", ["WORKERS"] = "4", ["LEASE_DURATION"] = "15s" }), Is.EqualTo(new OperatorOptions()).Using<OperatorOptions>((a, b) => a.ProbeWait == b.ProbeWait && a.Workers == b.Workers && a.LeaseDuration == b.LeaseDuration));
        });
    }
}
