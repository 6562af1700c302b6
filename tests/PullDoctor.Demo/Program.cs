using System.Runtime.InteropServices;
using PullDoctor.Demo;

DemoOptions options;
try
{
    options = DemoOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}\n{DemoOptions.Usage}");
    return DemoCommand.UsageError;
}

if (options.Help)
{
    await Console.Out.WriteLineAsync(DemoOptions.Usage);
    return 0;
}

// Ctrl-C while staging cancels; once the demo serves, it stops it.
using var cancel = new CancellationTokenSource();
var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopped.TrySetResult();
    cancel.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
try
{
    return await DemoCommand.RunAsync(options, Console.Out, stopped.Task, cancel.Token);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("stopped");
    return 130;
}
#pragma warning disable CA1031 // The one top-level handler: whatever failed is one line, never a trace, for people trying the product.
catch (Exception e)
#pragma warning restore CA1031
{
    await Console.Error.WriteLineAsync($"error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
    return 1;
}
