using PullDoctor.Cli;

await using var stdin = Console.OpenStandardInput();
return await CommandLine.RunAsync(args, stdin, Console.Out, Console.Error);
