using PullDoctor.Registry.Http;

namespace PullDoctor.Registry.Probe;

/// <summary>The outcome of listing a repository's tags: the decisive status, the tags read, and whether the list is complete.</summary>
internal sealed record TagListing(int Status, IReadOnlyList<string> Tags, RegistryError? Error, bool Complete);
