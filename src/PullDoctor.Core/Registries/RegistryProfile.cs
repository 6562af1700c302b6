using PullDoctor.Core.Causes;

namespace PullDoctor.Core.Registries;

/// <summary>The registries whose hosts, answers and usual node authentication PullDoctor knows (see <see cref="RegistryCatalog"/>).</summary>
public enum RegistryKind
{
    Other = 0,
    Ecr,
    EcrPublic,
    ArtifactRegistry,
    GoogleContainerRegistry,
    Acr,
    Ghcr,
    DockerHub,
    Quay,
    Harbor,
    GitLab,
    Artifactory,
    Nexus,
    KubernetesRegistry,
    Mirror,
}

/// <summary>How nodes usually get credentials for a registry.</summary>
[Flags]
public enum NodeAuth
{
    None = 0,

    /// <summary>An imagePullSecret on the pod or its service account.</summary>
    PullSecret = 1,

    /// <summary>A kubelet image credential provider plugin (<c>--image-credential-provider-config</c>).</summary>
    CredentialProvider = 2,

    /// <summary>The node's own cloud identity (instance role, node service account, kubelet managed identity).</summary>
    NodeIdentity = 4,

    /// <summary>Public images pull without credentials.</summary>
    Anonymous = 8,
}

/// <summary>Which of a registry's auth paths a fix is for.</summary>
public enum AuthPath
{
    /// <summary>Whatever the path.</summary>
    Any = 0,

    /// <summary>No pull secret applies: the node's own credentials (provider plugin or node identity), or none.</summary>
    Node,

    /// <summary>A pull secret for the registry was found and used.</summary>
    PullSecret,
}

/// <summary>
/// A <c>WWW-Authenticate</c> challenge a registry is known by: the scheme, and the realm's host and path and the
/// service as patterns (<c>*</c> is one or more characters of a host label or path segment; null: anything), or a
/// realm that is a name rather than a URL (<paramref name="RealmName"/>, compared literally).
/// </summary>
public sealed record ChallengeSignature(string Scheme, string? RealmHost, string? RealmPath, string? Service, string Origin, string? RealmName = null);

/// <summary>A registry's own words for a failure and what they mean there.</summary>
/// <param name="Text">The wording (a fragment of the registry's error body or the runtime's message).</param>
/// <param name="Meaning">The cause PullDoctor gives it.</param>
/// <param name="Origin">Where the wording was recorded (issue, doc page, source file).</param>
public sealed record ErrorWording(string Text, CauseCode Meaning, string Origin);

/// <summary>
/// The answers a registry gives alike for a repository that does not exist and for one the client may not read, so
/// that such an answer to a client without credentials means <see cref="CauseCode.RepositoryNotFoundOrPrivate"/>.
/// </summary>
/// <param name="Statuses">The HTTP statuses it answers so: 401 (an "unauthorized" answer), 403 (a "denied" / "forbidden" one).</param>
/// <param name="StatusStated">
/// True when only a message that states the status counts (the status line, e.g. containerd's "401 UNAUTHORIZED" with
/// the body dropped): the registry's other bodies with that status mean what they say.
/// </param>
/// <param name="Origin">Where the behaviour is recorded (the registry's source, an issue).</param>
public sealed record AlikeDenial(IReadOnlyList<int> Statuses, bool StatusStated, string Origin)
{
    /// <summary>Whether a 401 (<paramref name="forbidden"/> false) or 403 answer, with the status the message states, is one of them.</summary>
    public bool Covers(bool forbidden, int? statedStatus)
    {
        var status = forbidden ? 403 : 401;
        return Statuses.Contains(status) && (!StatusStated || statedStatus == status);
    }
}

/// <summary>
/// The fix for one cause on one registry and auth path. Texts and commands are templates of the code's own: the
/// tokens <c>{host}</c>, <c>{account}</c>, <c>{region}</c>, <c>{project}</c>, <c>{location}</c>, <c>{repo}</c>,
/// <c>{registry}</c>, <c>{repository}</c>, <c>{tag}</c>, <c>{namespace}</c> and <c>{secret}</c> are filled with values that passed
/// their grammar (shell-quoted in commands) or with a placeholder such as <c>&lt;account-id&gt;</c>.
/// </summary>
/// <param name="KeepsGenericSteps">
/// True when the fix's steps are checks that come before the cause's own steps (a not-found cause keeps its "set the
/// image" edit), rather than replacing them.
/// </param>
public sealed record RegistryFix(CauseCode Cause, AuthPath Path, string? Summary, string Meaning, IReadOnlyList<FixStep> Steps, bool KeepsGenericSteps = false);

/// <summary>One step of a <see cref="RegistryFix"/>: its text and, where one exists, its command template.</summary>
public sealed record FixStep(string Text, string? Command = null);

/// <summary>
/// One registry as data: how it is recognised (hosts, challenges), how nodes usually authenticate to it, its error
/// wordings and the fixes per cause and auth path.
/// </summary>
public sealed record RegistryProfile
{
    public required RegistryKind Kind { get; init; }

    /// <summary>The registry's name, as people say it.</summary>
    public required string Name { get; init; }

    /// <summary>Host forms, for people (e.g. <c>&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com</c>).</summary>
    public required IReadOnlyList<string> HostForms { get; init; }

    public IReadOnlyList<ChallengeSignature> Challenges { get; init; } = [];

    public required NodeAuth Auth { get; init; }

    /// <summary>
    /// True when nodes usually authenticate with credentials the operator does not have (a provider plugin, the node's
    /// identity): an anonymous probe then says nothing about what the node sent.
    /// </summary>
    public bool NodeCredentialsInvisible => (Auth & (NodeAuth.CredentialProvider | NodeAuth.NodeIdentity)) != 0;

    /// <summary>How the node's own credentials reach the kubelet, in words (for explanations).</summary>
    public string? NodeCredentials { get; init; }

    /// <summary>The key a pull secret must use, as a template (e.g. <c>{host}</c> or <c>https://index.docker.io/v1/</c>).</summary>
    public string SecretKey { get; init; } = "{host}";

    public IReadOnlyList<ErrorWording> Errors { get; init; } = [];

    /// <summary>The answers it gives alike for a missing and a private repository; null when its answers say which.</summary>
    public AlikeDenial? DeniesMissingAndPrivateAlike { get; init; }

    public IReadOnlyList<RegistryFix> Fixes { get; init; } = [];

    /// <summary>Where the host forms, challenge and auth facts come from.</summary>
    public required string Origin { get; init; }

    /// <summary>The fix for a cause on an auth path: the path's own first, then one for any path.</summary>
    public RegistryFix? FixFor(CauseCode cause, AuthPath path) =>
        Fixes.FirstOrDefault(f => f.Cause == cause && f.Path == path && path != AuthPath.Any)
        ?? Fixes.FirstOrDefault(f => f.Cause == cause && f.Path == AuthPath.Any);
}

/// <summary>
/// A host recognised as a known registry, with the parts its host names (ECR's account and region, Artifact
/// Registry's location, ACR's registry name). Every part matched its grammar when the host was read.
/// </summary>
public sealed record RegistryMatch(RegistryKind Kind, string Host)
{
    public string? Account { get; init; }

    public string? Region { get; init; }

    /// <summary>Artifact Registry / GCR location (<c>us-central1</c>, <c>europe</c>, <c>us</c>).</summary>
    public string? Location { get; init; }

    /// <summary>ACR's registry name (the first label of <c>NAME.azurecr.io</c>).</summary>
    public string? RegistryName { get; init; }

    /// <summary>How it was recognised: by its host, or by its answer (challenge) on another host.</summary>
    public bool ByChallenge { get; init; }

    public RegistryProfile Profile => RegistryCatalog.Get(Kind);
}
