namespace PullDoctor.Operator.Informers;

/// <summary>One page of a paginated list: its items, the continue token (null/empty on the last page) and the list's resourceVersion.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? Continue, string? ResourceVersion);
