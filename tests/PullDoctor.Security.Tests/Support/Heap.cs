namespace PullDoctor.Security.Tests.Support;

/// <summary>
/// A GC heap ceiling for the process under test: an input read whole (or copied a few times over) then fails with
/// OutOfMemoryException instead of slowly eating the machine, so a test sees the difference between bounded and
/// unbounded reading without measuring RSS.
/// </summary>
internal static class Heap
{
    public static IReadOnlyDictionary<string, string> LimitedTo(int mebibytes) =>
        new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x" + ((long)mebibytes * 1024 * 1024).ToString("X", System.Globalization.CultureInfo.InvariantCulture) };
}
