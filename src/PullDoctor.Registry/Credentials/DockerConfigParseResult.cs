using System.Diagnostics.CodeAnalysis;

namespace PullDoctor.Registry.Credentials;

/// <summary>Either the parsed config or the exact reason the content is unusable (never secret content).</summary>
public sealed record DockerConfigParseResult(DockerConfig? Config, string? Error)
{
    [MemberNotNullWhen(true, nameof(Config))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Config is not null;

    internal static DockerConfigParseResult Invalid(string error) => new(null, error);

    internal static DockerConfigParseResult Valid(DockerConfig config) => new(config, null);
}
