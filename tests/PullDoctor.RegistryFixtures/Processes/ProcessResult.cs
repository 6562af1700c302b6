namespace PullDoctor.RegistryFixtures;

/// <summary>What a short-lived external command printed and returned.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}
