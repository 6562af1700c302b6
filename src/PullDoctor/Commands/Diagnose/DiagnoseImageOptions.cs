using System.CommandLine;

namespace PullDoctor.Cli.Commands.Diagnose;

/// <summary>The argument and options of <c>pulldoctor diagnose IMAGE</c>.</summary>
internal sealed class DiagnoseImageOptions
{
    public Argument<string> Image { get; } = new("IMAGE") { Description = "The image reference, as written in the pod spec, e.g. nginx:1.25 or ghcr.io/acme/api:2.1" };

    public Option<string?> PullSecret { get; } = new("--pull-secret")
    {
        Description = "A pull secret to use: a docker config.json / .dockerconfigjson, a legacy .dockercfg, or a Secret from 'kubectl get secret NAME -o yaml|json'",
    };

    public Option<string?> Platform { get; } = new("--platform") { Description = "The node's platform the image must exist for, OS/ARCH[/VARIANT], e.g. linux/arm64" };

    public Option<string[]> CaFiles { get; } = new("--ca-file")
    {
        Description = "PEM file of CA certificates to trust in addition to the system store (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> AllowNetworks { get; } = new("--allow-network")
    {
        Description = "Allow connecting to this network (CIDR or address) although it is link-local or metadata (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> PlainHttp { get; } = new("--plain-http") { Description = "The registry serves plain HTTP (like an http:// server in containerd's hosts.toml)" };

    public Option<bool> NoHttpFallback { get; } = new("--no-http-fallback")
    {
        Description = "Do not retry over plain HTTP when a localhost registry does not speak HTTPS (containerd and Docker do)",
    };

    public const int DefaultTimeoutSeconds = 60;

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Give up after this many seconds (more than 0, at most 3600)",
        DefaultValueFactory = _ => DefaultTimeoutSeconds,
    };

    public Option<string> Output { get; } = OutputOption.Create();

    public void AddTo(Command command)
    {
        command.Arguments.Add(Image);
        command.Options.Add(PullSecret);
        command.Options.Add(Platform);
        command.Options.Add(CaFiles);
        command.Options.Add(AllowNetworks);
        command.Options.Add(PlainHttp);
        command.Options.Add(NoHttpFallback);
        command.Options.Add(Timeout);
        command.Options.Add(Output);
    }
}
