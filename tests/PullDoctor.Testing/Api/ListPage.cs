using PullDoctor.Testing.Storage;

namespace PullDoctor.Testing.Api;

/// <summary>One page of a list: the items (stored form), the list's resourceVersion and pagination metadata.</summary>
public sealed record ListPage(IReadOnlyList<StoredObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);
