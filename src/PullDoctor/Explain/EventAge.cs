using System.Globalization;
using System.Text.RegularExpressions;

namespace PullDoctor.Cli.Explain;

/// <summary>
/// The Age column of describe's Events table (<c>40s (x4 over 2m8s)</c>, <c>3h2m</c>, <c>45d</c>: apimachinery's
/// HumanDuration of the last occurrence). Ages become times before an arbitrary <see cref="Anchor"/>, which orders
/// the Events and makes equal ages ties; no clock is read, so the same input always reads the same.
/// </summary>
internal static partial class EventAge
{
    public static readonly DateTimeOffset Anchor = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The age of the last occurrence; null for <c>&lt;unknown&gt;</c>, <c>&lt;invalid&gt;</c> or anything else.</summary>
    public static TimeSpan? Parse(string column)
    {
        var match = Age().Match(column.Trim());
        if (!match.Success)
        {
            return null;
        }

        var seconds = 0L;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = part.Value[^1];
            // HumanDuration never prints more than a few digits; a longer number is not an age.
            if (!long.TryParse(part.Value.AsSpan(0, part.Value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 1_000_000)
            {
                return null;
            }

            seconds += n * unit switch { 'y' => 365 * 86400L, 'd' => 86400L, 'h' => 3600L, 'm' => 60L, _ => 1L };
        }

        return TimeSpan.FromSeconds(seconds);
    }

    [GeneratedRegex(@"^(?<part>[0-9]{1,7}[ydhms]){1,3}(\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex Age();
}
