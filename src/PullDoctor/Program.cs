using PullDoctor.Cli;

UnhandledExceptions.RouteTo(Console.Error);
await using var stdin = Console.OpenStandardInput();
return await CommandLine.RunAsync(args, stdin, Console.Out, Console.Error);
