namespace PullDoctor.Diagnosis;

/// <summary>An owner reference, as far as the owner walk needs it.</summary>
public sealed record PodOwner(string ApiVersion, string Kind, string Name, string? Uid, bool IsController);
