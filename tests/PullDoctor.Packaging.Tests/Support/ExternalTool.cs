using PullDoctor.TestSupport;

namespace PullDoctor.Packaging.Tests.Support;

/// <summary>
/// A tool the tests need from outside .NET. In CI (<see cref="CiEnvironment"/>) a missing tool fails the test:
/// CI must never go green by skipping. Elsewhere the test is ignored with the command that gets it.
/// </summary>
internal static class ExternalTool
{
    /// <summary>Ends the test: <paramref name="component"/> is missing; <paramref name="howToGet"/> says how to get it.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Missing(string component, string howToGet) => CiEnvironment.Missing(component, howToGet);
}
