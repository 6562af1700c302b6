namespace PullDoctor.Core.Classification;

/// <summary>Registries whose answers mean something different from the distribution spec's, known by host.</summary>
public enum KnownRegistry
{
    Other = 0,

    /// <summary><c>ghcr.io</c>: "unauthorized" and "denied" for a missing package as for a private one.</summary>
    GitHubContainerRegistry,

    /// <summary><c>registry.gitlab.com</c>: "denied: access forbidden" for a missing project as for one the client may not read.</summary>
    GitLab,
}
