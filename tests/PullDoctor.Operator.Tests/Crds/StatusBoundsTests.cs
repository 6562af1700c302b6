using System.Collections;
using System.Reflection;
using System.Text.Json;
using PullDoctor.Operator.Crds;

namespace PullDoctor.Operator.Tests.Crds;

/// <summary>
/// Issue 11, class 3: everything in a status can come from outside, so everything is bounded, by the same attributes
/// the CRD schema is generated from. A status stuffed with megabytes per field and thousands of list items comes out
/// within <see cref="StatusLimits.StatusBytes"/>, free of control characters, and idempotently so.
/// </summary>
public sealed class StatusBoundsTests
{
    [Test]
    public void EveryStringAndList_InTheStatusModel_HasALimit()
    {
        var unbounded = new List<string>();
        Visit(typeof(ImagePullDiagnosisStatus), (property, maxLength, itemMaxLength) =>
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if ((type == typeof(string) || typeof(IList).IsAssignableFrom(type)) && maxLength is null)
            {
                unbounded.Add($"{property.DeclaringType!.Name}.{property.Name}");
            }

            if (type == typeof(List<string>) && itemMaxLength is null)
            {
                unbounded.Add($"{property.DeclaringType!.Name}.{property.Name}[]");
            }
        });

        Assert.That(unbounded, Is.Empty);
    }

    [Test]
    public void AStatusStuffedBeyondEveryLimit_IsCutToFit_AndCleaned()
    {
        var status = (ImagePullDiagnosisStatus)Stuffed(typeof(ImagePullDiagnosisStatus), 4_000_000, 2_000);

        StatusBounds.Enforce(status);
        var json = JsonSerializer.Serialize(status);

        Assert.That(json.Length, Is.LessThanOrEqualTo(StatusLimits.StatusBytes), "the whole status is bounded");
        // A raw ESC serialises as \u001B; the cleaned text holds the visible \u001B, which serialises as \\u001B.
        Assert.That(json.Replace(@"\\", "", StringComparison.Ordinal), Does.Not.Contain(@"\u001B").IgnoreCase, "no escape character survives");
        Assert.That(status.Containers, Has.Count.EqualTo(StatusLimits.Containers));
        Assert.That(status.Containers![0].Suggestions, Has.Count.EqualTo(StatusLimits.Suggestions));
        Assert.That(status.Containers[0].Suggestions![0], Has.Length.LessThanOrEqualTo(128));
    }

    [Test]
    public void Enforce_IsIdempotent_SoAnUnchangedDiagnosisCostsNoWrite()
    {
        var once = StatusBounds.Enforce((ImagePullDiagnosisStatus)Stuffed(typeof(ImagePullDiagnosisStatus), 10_000, 40));
        var first = JsonSerializer.Serialize(once);

        var second = JsonSerializer.Serialize(StatusBounds.Enforce(once));

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void TheLargestStatus_TheOperatorCanWrite_FitsTheBudget()
    {
        var status = (ImagePullDiagnosisStatus)Stuffed(typeof(ImagePullDiagnosisStatus), 1_000_000, 1_000, printable: true);

        var json = JsonSerializer.Serialize(StatusBounds.Enforce(status));

        Assert.That(json.Length, Is.GreaterThan(StatusLimits.StatusBytes / 4), "the stuffing reached the limits");
        Assert.That(json.Length, Is.LessThanOrEqualTo(StatusLimits.StatusBytes));
    }

    // Every string longer than any limit (with an escape sequence in it), every list longer than any limit.
    private static object Stuffed(Type type, int stringLength, int listLength, bool printable = false) =>
        Stuffed(type, printable ? new string('x', stringLength) : "\u001b[2J" + new string('x', stringLength), listLength);

    private static object Stuffed(Type type, string text, int listLength)
    {
        var value = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties().Where(p => p.CanWrite))
        {
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType == typeof(string))
            {
                property.SetValue(value, text);
            }
            else if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(List<>))
            {
                var itemType = propertyType.GetGenericArguments()[0];
                var list = (IList)Activator.CreateInstance(propertyType)!;
                var count = itemType == typeof(string) ? listLength : Math.Min(listLength, 40);
                for (var i = 0; i < count; i++)
                {
                    list.Add(itemType == typeof(string) ? text : Stuffed(itemType, text, listLength));
                }

                property.SetValue(value, list);
            }
            else if (propertyType.IsClass && propertyType.Namespace == typeof(ImagePullDiagnosisStatus).Namespace)
            {
                property.SetValue(value, Stuffed(propertyType, text, listLength));
            }
        }

        return value;
    }

    private static void Visit(Type type, Action<PropertyInfo, int?, int?> visit)
    {
        foreach (var (property, maxLength, itemMaxLength) in StatusBounds.Of(type))
        {
            visit(property, maxLength, itemMaxLength);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var element = propertyType.IsGenericType ? propertyType.GetGenericArguments()[0] : propertyType;
            if (element.IsClass && element.Namespace == typeof(ImagePullDiagnosisStatus).Namespace)
            {
                Visit(element, visit);
            }
        }
    }
}
