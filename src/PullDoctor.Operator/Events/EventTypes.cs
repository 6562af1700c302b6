namespace PullDoctor.Operator.Events;

/// <summary>The two event types the API server accepts.</summary>
internal static class EventTypes
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
}
