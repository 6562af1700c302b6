using System.Diagnostics.CodeAnalysis;

namespace PullDoctor.Core.References;

/// <summary>Either a reference or the reason there is none; parsing never throws.</summary>
public sealed record ImageReferenceParseResult(ImageReference? Reference, ImageReferenceError? Error)
{
    [MemberNotNullWhen(true, nameof(Reference))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Reference is not null;
}
