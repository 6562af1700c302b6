using System.CommandLine;
using PullDoctor.Cli.Explain;
using PullDoctor.Core.Causes;

namespace PullDoctor.Cli.Commands;

/// <summary><c>pulldoctor explain [FILE|-] [-o text|json]</c>: classify messages without a cluster.</summary>
internal static class ExplainCommand
{
    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "Messages (one per line), 'kubectl get events -o json', a pod as JSON, or 'kubectl describe pod' output; '-' or nothing reads stdin",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "-",
        };
        var output = OutputOption.Create();
        var command = new Command("explain", "Classify kubelet/runtime image pull messages without a cluster, and print the fix.")
        {
            file,
            output,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file) ?? "-";
            string text;
            try
            {
                text = path == "-" ? await stdin.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(path, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"pulldoctor: cannot read {path}: {ex.Message}");
                return ExitCodes.UsageError;
            }

            IReadOnlyList<ExplainItem> items;
            try
            {
                items = ExplainInputReader.Read(text);
            }
            catch (InputFormatException ex)
            {
                await stderr.WriteLineAsync($"pulldoctor: {ex.Message}");
                return ExitCodes.UsageError;
            }

            var results = items.Select(ExplainResult.For).ToList();
            if (parseResult.GetValue(output) == OutputOption.Json)
            {
                await ExplainWriter.WriteJsonLinesAsync(results, stdout);
            }
            else
            {
                await ExplainWriter.WriteTextAsync(results, stdout);
            }

            return results.Any(r => r.Classification.Cause != CauseCode.Unknown) ? ExitCodes.PullProblemDiagnosed : ExitCodes.Success;
        });
        return command;
    }
}
