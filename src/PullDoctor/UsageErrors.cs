using System.CommandLine;

namespace PullDoctor.Cli;

/// <summary>
/// The one line a parse error becomes. System.CommandLine reports a mistyped verb as "Required command was not
/// provided" (its first error) and lists allowed values on separate lines; a person needs the word it did not know
/// and what it knows.
/// </summary>
internal static class UsageErrors
{
    public static string Describe(RootCommand root, IReadOnlyList<string> args, ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(parseResult);
        if (args.Count > 0 && !args[0].StartsWith('-') && root.Subcommands.All(c => c.Name != args[0]))
        {
            return $"unknown command '{args[0]}'; commands: {string.Join(", ", root.Subcommands.Select(c => c.Name))}";
        }

        return OneLine(parseResult.Errors[0].Message);
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
