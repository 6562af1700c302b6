using PullDoctor.Diagnosis;

namespace PullDoctor.Operator.Diagnosis;

/// <summary>
/// Status times at whole seconds in UTC, like metav1.Time: what we write is what we read back, so a
/// comparison of desired and current status never sees a difference that is only precision.
/// </summary>
internal static class StatusTime
{
    public static DateTime Of(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    public static DateTime? Of(DateTime? time) => time is { } t ? Of(new DateTimeOffset(t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t)) : null;
}
