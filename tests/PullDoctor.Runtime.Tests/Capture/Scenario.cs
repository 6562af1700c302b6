using PullDoctor.Core.Causes;

namespace PullDoctor.Runtime.Tests.Capture;

/// <summary>One failure (or control pull) staged against a real registry, with the cause PullDoctor must give.</summary>
/// <param name="Id">Stable kebab-case id (the key in the captured-messages file).</param>
/// <param name="Expected">The expected cause; null for a control pull that must succeed.</param>
/// <param name="NotStagedBy">Runtimes that cannot stage this scenario, with the reason.</param>
/// <param name="ExpectedByRuntime">Where one runtime's wording honestly supports another cause.</param>
public sealed record Scenario(
    string Id,
    string Description,
    CauseCode? Expected,
    IReadOnlyDictionary<string, string>? NotStagedBy = null,
    IReadOnlyDictionary<string, CauseCode>? ExpectedByRuntime = null)
{
    public bool IsControl => Expected is null;

    public bool IsStagedBy(string runtime) => NotStagedBy is null || !NotStagedBy.ContainsKey(runtime);

    public CauseCode? ExpectedFor(string runtime) =>
        ExpectedByRuntime is not null && ExpectedByRuntime.TryGetValue(runtime, out var cause) ? cause : Expected;

    public override string ToString() => Id;
}
