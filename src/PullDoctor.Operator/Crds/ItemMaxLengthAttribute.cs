namespace PullDoctor.Operator.Crds;

/// <summary>The longest string a list of strings may hold: <c>items.maxLength</c> in the CRD schema.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ItemMaxLengthAttribute(int length) : Attribute
{
    public int Length { get; } = length;
}
