namespace PullDoctor.Cli.Explain;

/// <summary>
/// Recognizes the Events PullDoctor itself posted on a pod (the operator reports as <c>pulldoctor.dev/operator</c>;
/// older builds as <c>pulldoctor</c>). They repeat a diagnosis, so reading them back as evidence would let
/// PullDoctor's own words decide its next answer.
/// </summary>
internal static class OwnEvents
{
    private const string Prefix = "pulldoctor";

    /// <summary>
    /// Whether a reporting component, reporting controller, <c>source.component</c> or describe's From column
    /// (<c>pulldoctor.dev/operator</c>, or <c>component, host</c> in older kubectl) is PullDoctor's.
    /// </summary>
    public static bool IsPullDoctors(string? component) =>
        component is not null && component.TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
}
