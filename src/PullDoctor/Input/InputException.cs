namespace PullDoctor.Cli.Input;

/// <summary>
/// What the user gave cannot be used: an argument, a file or stdin. The message is one line, shown as is after
/// <c>pulldoctor: </c>, and the exit code is 2 (SPEC §6 usage error).
/// </summary>
internal sealed class InputException(string message) : Exception(message);
