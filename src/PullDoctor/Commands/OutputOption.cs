using System.CommandLine;

namespace PullDoctor.Cli.Commands;

/// <summary>The <c>-o text|json</c> option every verb shares.</summary>
internal static class OutputOption
{
    public const string Text = "text";
    public const string Json = "json";

    public static Option<string> Create()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "Output format: text for people, json for machines",
            DefaultValueFactory = _ => Text,
        };
        option.AcceptOnlyFromAmong(Text, Json);
        return option;
    }
}
