using System.Text;
using System.Text.Json.Nodes;
using PullDoctor.Security.Tests.Support;
using PullDoctor.Testing;
using PullDoctor.Tests.Support;

namespace PullDoctor.Security.Tests.Commands;

/// <summary>
/// Text written for a terminal never carries control characters or escape sequences from outside (issue 11 class 2):
/// kubelet messages, pod names, registry answers and arguments reach stdout and stderr with every control character,
/// DEL, C1 control and bidi/format character shown as a visible escape (\u001B, \u202E). The raw bytes are asserted.
/// </summary>
public class TerminalTextTests
{
    /// <summary>Each alone, as an attacker would place it in a message.</summary>
    private static readonly string[] Attacks =
    [
        "\u001b[2J\u001b[H",                                            // clear the screen, cursor home
        "\u001b]8;;https://evil.example/\u0007kubectl docs\u001b]8;;\u0007", // OSC 8 hyperlink disguised as text
        "\u001b]0;owned\u0007",                                          // OSC 0: retitle the window
        "ding\u0007\u0007",                                              // BEL
        "ErrImagePull\rImage is fine, nothing to do",                    // CR overwrites the line
        "secret\b\b\b\b\b\bpublic",                                      // backspaces erase what was shown
        "\u202Egnp.exe\u202C and \u2066isolated\u2069",                 // bidi overrides and isolates
        "\u009b2J C1 CSI and DEL\u007f",                                 // C1 control, DEL
        "zero\u200Bwidth and \u061C letter mark",                        // other format characters
        "tag \U000E0069\U000E0067\U000E006E\U000E006F\U000E0072\U000E0065 smuggled", // invisible Unicode tag characters (plane 14)
    ];

    private static readonly string AllAttacks = string.Join(" | ", Attacks);

    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("terminal-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [TestCaseSource(nameof(Attacks))]
    public async Task Explain_LinesFile_TextOutput_IsClean(string attack)
    {
        var path = Write("messages.txt", $"Failed to pull image \"nginx:1.25.x\": {attack}: not found\nBack-off pulling image \"{attack}\"\n");

        var run = await PullDoctorProcess.RunRawAsync(["explain", path], new PullDoctorProcess.Options());

        Assert.That(run.ExitCode, Is.AnyOf(0, 2, 3), run.ToString()); // 2: nothing understood (SPEC §6)
        CliAssert.NoTerminalControls(run.Stdout, "stdout");
        CliAssert.NoTerminalControls(run.Stderr, "stderr");
    }

    [Test]
    public async Task Explain_ShowsWhatWasEscaped_Visibly()
    {
        var run = await PullDoctorProcess.RunRawAsync(["explain"], new PullDoctorProcess.Options { Stdin = $"Back-off pulling image \"{AllAttacks}\"\n" });

        // \uXXXX: visible on a terminal, and inside a JSON string exactly the JSON escape of the same character.
        Assert.That(run.Decoded.Stdout, Does.Contain(@"\u001B[2J\u001B[H").And.Contain(@"\u001B]8;;https://evil.example/\u0007kubectl docs")
            .And.Contain(@"ErrImagePull\u000DImage is fine").And.Contain(@"secret\u0008").And.Contain(@"\u202Egnp.exe\u202C")
            .And.Contain(@"\u009B2J").And.Contain(@"DEL\u007F").And.Contain(@"zero\u200Bwidth").And.Contain(@"tag \uDB40\uDC69"), run.ToString());
    }

    [Test]
    public async Task Explain_EventsJson_PodAndContainerNames_TextOutput_IsClean()
    {
        var events = new JsonObject
        {
            ["kind"] = "EventList",
            ["items"] = new JsonArray(new JsonObject
            {
                ["kind"] = "Event",
                ["involvedObject"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = "shop" + AllAttacks, ["name"] = "web" + AllAttacks, ["fieldPath"] = $"spec.containers{{app{AllAttacks}}}" },
                ["reason"] = "Failed",
                ["message"] = $"Failed to pull image \"nginx:1.25.x{AllAttacks}\": rpc error: code = NotFound desc = {AllAttacks} not found",
            }),
        };
        var path = Write("events.json", events.ToJsonString());

        var run = await PullDoctorProcess.RunRawAsync(["explain", path], new PullDoctorProcess.Options());

        Assert.That(run.ExitCode, Is.AnyOf(0, 2, 3), run.ToString()); // 2: nothing understood (SPEC §6)
        CliAssert.NoTerminalControls(run.Stdout, "stdout");
    }

    [Test]
    public async Task Explain_DescribeOutput_TextOutput_IsClean()
    {
        var describe = $"""
            Name:             web
            Namespace:        shop
            Containers:
              app:
                Image:          nginx:1.25.x{AllAttacks}
                State:          Waiting
                  Reason:       ErrImagePull
            Events:
              Type     Reason   Age   From     Message
              ----     ------   ----  ----     -------
              Warning  Failed   10s   kubelet  Failed to pull image "nginx:1.25.x": {AllAttacks}
            """;

        var run = await PullDoctorProcess.RunRawAsync(["explain"], new PullDoctorProcess.Options { Stdin = describe + "\n" });

        Assert.That(run.ExitCode, Is.AnyOf(0, 2, 3), run.ToString()); // 2: nothing understood (SPEC §6)
        CliAssert.NoTerminalControls(run.Stdout, "stdout");
    }

    [Test]
    public async Task Explain_JsonOutput_EscapesThemToo()
    {
        var run = await PullDoctorProcess.RunRawAsync(["explain", "-o", "json"], new PullDoctorProcess.Options { Stdin = $"Back-off pulling image \"{AllAttacks}\"\n" });

        CliAssert.NoTerminalControls(run.Stdout, "stdout");
        var message = JsonNode.Parse(run.Decoded.Stdout)!["message"]!.GetValue<string>();
        Assert.That(message, Is.EqualTo($"Back-off pulling image \"{AllAttacks}\""), "JSON keeps the exact text, escaped the JSON way");
    }

    [Test]
    public async Task ErrorLine_WithOutsideText_IsClean()
    {
        var path = Path.Combine(_directory, "missing" + AllAttacks + ".txt");

        var run = await PullDoctorProcess.RunRawAsync(["explain", path], new PullDoctorProcess.Options());

        CliAssert.OneLineError(run, 2, "cannot read");
        CliAssert.NoTerminalControls(run.Stderr, "stderr");
    }

    [Test]
    public async Task DiagnoseImage_HostileReference_TextOutput_IsClean()
    {
        var run = await PullDoctorProcess.RunRawAsync(["diagnose", "nginx" + AllAttacks + ":1.25"], new PullDoctorProcess.Options());

        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Decoded.Stdout, Does.Contain("InvalidImageReference"));
        CliAssert.NoTerminalControls(run.Stdout, "stdout");
        CliAssert.NoTerminalControls(run.Stderr, "stderr");
    }

    [Test]
    public async Task DiagnoseImage_HostileRegistryAnswers_TextOutput_IsClean()
    {
        await using var registry = await HostileMessageRegistry.StartAsync(AllAttacks);

        var run = await PullDoctorProcess.RunRawAsync(["diagnose", $"{registry.Host}/team/app:1.0", "--plain-http", "--timeout", "20"], new PullDoctorProcess.Options());

        Assert.That(run.ExitCode, Is.AnyOf(1, 3), run.ToString());
        Assert.That(run.Decoded.Stdout, Does.Contain(registry.Host), run.ToString());
        CliAssert.NoTerminalControls(run.Stdout, "stdout");
        CliAssert.NoTerminalControls(run.Stderr, "stderr");
    }

    [Test]
    public async Task DiagnosePod_HostileKubeletMessage_TextOutput_IsClean()
    {
        await using var server = await KubeApiServer.StartAsync();
        var kubeconfig = server.WriteKubeconfig(Path.Combine(_directory, "kubeconfig"));
        server.CreateOrReplace(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "default" },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "nginx:1.25.x" }) },
            ["status"] = new JsonObject
            {
                ["phase"] = "Pending",
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = "app",
                    ["image"] = "nginx:1.25.x",
                    ["ready"] = false,
                    ["state"] = new JsonObject
                    {
                        ["waiting"] = new JsonObject
                        {
                            ["reason"] = "ErrImagePull",
                            ["message"] = $"Failed to pull image \"nginx:1.25.x\": rpc error: code = NotFound desc = {AllAttacks}: not found",
                        },
                    },
                }),
            },
        });

        var run = await PullDoctorProcess.RunRawAsync(["diagnose", "pod", "web", "--kubeconfig", kubeconfig, "--no-probe"], new PullDoctorProcess.Options());

        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Decoded.Stdout, Does.Contain(@"\u001B[2J"), "the message is shown, escaped");
        CliAssert.NoTerminalControls(run.Stdout, "stdout");
        CliAssert.NoTerminalControls(run.Stderr, "stderr");
    }

    [Test]
    public async Task DiagnosePod_HostileName_ErrorLine_IsClean()
    {
        var run = await PullDoctorProcess.RunRawAsync(["diagnose", "pod", "web" + AllAttacks], new PullDoctorProcess.Options());

        CliAssert.OneLineError(run, 2, "pulldoctor: ");
        CliAssert.NoTerminalControls(run.Stderr, "stderr");
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }
}
