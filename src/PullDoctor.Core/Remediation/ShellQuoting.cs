using System.Buffers;

namespace PullDoctor.Core.Remediation;

/// <summary>
/// POSIX shell quoting for the values in suggested commands, so a command is safe to paste whatever a value holds:
/// a word made only of characters no shell treats specially stays as it is, anything else is single-quoted
/// (a single quote inside becomes <c>'\''</c>). Placeholders such as <c>&lt;namespace&gt;</c> are written by
/// the commands themselves and never pass through here.
/// </summary>
public static class ShellQuoting
{
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./_-");

    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && !value.AsSpan().ContainsAnyExcept(Plain)
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
