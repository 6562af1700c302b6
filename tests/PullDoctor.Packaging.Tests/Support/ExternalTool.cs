namespace PullDoctor.Packaging.Tests.Support;

/// <summary>
/// A tool the tests need from outside .NET. In CI (CI=true) a missing tool fails the test: CI must never go
/// green by skipping. Locally the test is ignored with the command that installs it.
/// </summary>
internal static class ExternalTool
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Missing(string message)
    {
        if (InCi)
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
    }
}
