using System.CommandLine;
using PullDoctor.Cli.Explain;

namespace PullDoctor.Cli.Commands;

/// <summary><c>pulldoctor explain [FILE|-] [-o text|json]</c>: classify messages without a cluster.</summary>
internal static class ExplainCommand
{
    public static Command Create(Stream stdin, TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "Messages (one per line), 'kubectl get events -o json', a pod as JSON, or 'kubectl describe pod' output; '-' or nothing reads stdin (at most 16 MiB)",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "-",
        };
        // FILE takes any word, so without this `explain --foo` would look for a file named --foo.
        file.Validators.Add(result =>
        {
            var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : "-";
            if (value.Length > 1 && value.StartsWith('-'))
            {
                result.AddError($"unknown option '{value}' for explain; options: -o/--output text|json (a file whose name begins with '-': ./{value})");
            }
        });
        var output = OutputOption.Create();
        var command = new Command("explain", "Classify kubelet/runtime image pull messages without a cluster, and print the fix.")
        {
            file,
            output,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // Bad input throws InputException: CommandLine makes it one line on stderr and exit 2.
            var text = await ExplainInputReader.ReadTextAsync(parseResult.GetValue(file) ?? "-", stdin, cancellationToken);
            var results = ExplainInputReader.Read(text).Select(ExplainResult.For).ToList();
            if (parseResult.GetValue(output) == OutputOption.Json)
            {
                await ExplainWriter.WriteJsonLinesAsync(results, stdout);
            }
            else
            {
                await ExplainWriter.WriteTextAsync(results, stdout);
            }

            var (exitCode, line) = ExplainVerdict.Of(results);
            if (line is not null)
            {
                await stderr.WriteLineAsync(line);
            }

            return exitCode;
        });
        return command;
    }
}
