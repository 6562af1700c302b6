namespace PullDoctor.Cli.Explain;

/// <summary>The input cannot be read as any of explain's forms; the message is shown as is.</summary>
internal sealed class InputFormatException(string message) : Exception(message);
