using PullDoctor.Testing.Standalone;

return await CommandLine.RunAsync(args);
