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
catch (Exception e) when (e is IOException or InvalidOperationException or HttpRequestException or k8s.Autorest.HttpOperationException)
{
    // One line, never a trace: the demo is run by people trying the product.
    await Console.Error.WriteLineAsync("error: " + e.Message.ReplaceLineEndings(" "));
    return 1;
}
