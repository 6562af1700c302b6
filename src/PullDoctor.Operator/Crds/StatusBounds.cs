using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using PullDoctor.Core.Text;

namespace PullDoctor.Operator.Crds;

/// <summary>
/// Makes a status fit its own schema before it is written: every string is cleaned of control characters and
/// escape sequences (kubectl prints statuses to terminals) and cut to the property's <see cref="MaxLengthAttribute"/>,
/// every list to its item count. The CRD schema is generated from the same attributes, so what the operator writes
/// is what the API server accepts, and no value from outside can make a status large. Idempotent, so an unchanged
/// diagnosis still compares equal and costs no write.
/// </summary>
public static class StatusBounds
{
    private static readonly ConcurrentDictionary<Type, Bound[]> Bounds = new();

    public static T Enforce<T>(T value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        Walk(value);
        return value;
    }

    /// <summary>The properties of a model type with their limits (for the schema test).</summary>
    internal static IReadOnlyList<(PropertyInfo Property, int? MaxLength, int? ItemMaxLength)> Of(Type type) =>
        [.. For(type).Select(b => (b.Property, b.MaxLength, b.ItemMaxLength))];

    private static void Walk(object value)
    {
        foreach (var bound in For(value.GetType()))
        {
            switch (bound.Property.GetValue(value))
            {
                case string text:
                    bound.Property.SetValue(value, UntrustedText.Clean(text, bound.MaxLength ?? throw Unbounded(bound)));
                    break;
                case IList list:
                    Cut(list, bound);
                    break;
                case { } nested when IsModel(nested.GetType()):
                    Walk(nested);
                    break;
            }
        }
    }

    private static void Cut(IList list, Bound bound)
    {
        var max = bound.MaxLength ?? throw Unbounded(bound);
        while (list.Count > max)
        {
            list.RemoveAt(list.Count - 1);
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is string text)
            {
                list[i] = UntrustedText.Clean(text, bound.ItemMaxLength ?? throw Unbounded(bound));
            }
            else if (list[i] is { } item && IsModel(item.GetType()))
            {
                Walk(item);
            }
        }
    }

    private static Bound[] For(Type type) => Bounds.GetOrAdd(type, static t =>
        [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0)
            .Select(p => new Bound(p, p.GetCustomAttribute<MaxLengthAttribute>()?.Length, p.GetCustomAttribute<ItemMaxLengthAttribute>()?.Length))]);

    private static bool IsModel(Type type) => type.Namespace == typeof(StatusBounds).Namespace && type.IsClass;

    // A model string or list without a limit is a programming error: the schema test catches it first.
    private static InvalidOperationException Unbounded(Bound bound) =>
        new($"{bound.Property.DeclaringType?.Name}.{bound.Property.Name} has no [MaxLength]: every string and list in a status is bounded");

    private sealed record Bound(PropertyInfo Property, int? MaxLength, int? ItemMaxLength);
}
