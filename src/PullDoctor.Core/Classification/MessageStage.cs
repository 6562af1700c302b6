using PullDoctor.Core.Messages;
using PullDoctor.Core.Registries;

namespace PullDoctor.Core.Classification;

/// <summary>The stage a message names (its words and the URL it requested), and the registry it talked to.</summary>
internal static class MessageStage
{
    public static Stage Of(PullMessage message, KeywordTable<Stage>? stages = null)
    {
        var byWords = (stages ?? StageRules.Table).FirstMatch(message.Skeleton)?.Value ?? Stage.None;
        var byUrl = Stage.None;
        foreach (var value in message.Values)
        {
            if (value.Kind is ValueKind.Url or ValueKind.Reference && UrlStage(value.Kind, value.Text) is var stage && Deeper(stage, byUrl))
            {
                byUrl = stage;
            }
        }

        // containerd fetches manifests by digest through the same copy path as blobs ("failed to copy:
        // httpReadSeeker: … content at …/manifests/sha256:… not found"): what was fetched decides.
        // The same holds when the descriptor's media type says what it was ("could not fetch content
        // descriptor sha256:… (application/vnd.docker.distribution.manifest.v2+json) from remote").
        if (byWords == Stage.Blob && (byUrl == Stage.Manifest || NamesManifestMediaType(message)))
        {
            return Stage.Manifest;
        }

        return Deeper(byUrl, byWords) ? byUrl : byWords;
    }

    private static bool NamesManifestMediaType(PullMessage message)
    {
        foreach (var value in message.Values)
        {
            if (value.Kind == ValueKind.MediaType && IsManifestMediaType(value.Text))
            {
                return true;
            }
        }

        return false;
    }

    // The manifest and index types of the Docker and OCI specs; layers and configs are everything else.
    private static bool IsManifestMediaType(string mediaType) =>
        mediaType.StartsWith("application/vnd.docker.distribution.manifest.", StringComparison.OrdinalIgnoreCase)
        || mediaType.StartsWith("application/vnd.oci.image.manifest.", StringComparison.OrdinalIgnoreCase)
        || mediaType.StartsWith("application/vnd.oci.image.index.", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The first registry the message's hosts (URLs, hosts, references) name whose table says it denies a missing and a
    /// private repository alike (<see cref="RegistryProfile.DeniesMissingAndPrivateAlike"/>); null when none does.
    /// </summary>
    public static RegistryProfile? RegistryOf(PullMessage message)
    {
        foreach (var value in message.Values)
        {
            var host = value.Kind switch
            {
                ValueKind.Url => UrlText.TryRead(value.Text, out var url) ? url.Host : [],
                ValueKind.Host => value.Text,
                ValueKind.Reference when value.Text.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash => value.Text.AsSpan(0, slash),
                _ => [],
            };
            if (RegistryCatalog.DenyingAlike(host) is { } registry)
            {
                return registry;
            }
        }

        return null;
    }

    // The distribution API's paths: /v2/NAME/manifests/REF, /v2/NAME/blobs/DIGEST; a token realm is
    // asked with ?scope=repository:NAME:pull (and often lives at /token, /oauth2/token, /v2/token).
    // Only the API's own path segments count, after /v2/: a repository called "token" or "manifests"
    // is a name, not a stage.
    private static Stage UrlStage(ValueKind kind, string value)
    {
        var v2 = value.IndexOf("v2/", StringComparison.Ordinal);
        if (v2 >= 0 && (v2 == 0 || value[v2 - 1] == '/'))
        {
            var path = value.AsSpan(v2 + 3);
            var query = path.IndexOf('?');
            path = query < 0 ? path : path[..query];
            if (path.Contains("/blobs/", StringComparison.Ordinal))
            {
                return Stage.Blob;
            }

            if (path.Contains("/manifests/", StringComparison.Ordinal))
            {
                return Stage.Manifest;
            }
        }

        if (kind != ValueKind.Url || !UrlText.TryRead(value, out var url))
        {
            return Stage.None;
        }

        return url.Query.Contains("scope=", StringComparison.Ordinal) || url.Path.EndsWith("/token", StringComparison.Ordinal)
            ? Stage.Token
            : Stage.None;
    }

    private static bool Deeper(Stage candidate, Stage than) => Depth(candidate) > Depth(than);

    private static int Depth(Stage stage) => stage switch
    {
        Stage.None => 0,
        Stage.Manifest => 1,
        Stage.Token => 2,
        Stage.AnonymousToken or Stage.CredentialedToken => 3,
        Stage.CredentialHelper => 4,
        Stage.Blob => 5,
        Stage.Unpack => 6,
        Stage.LocalImage => 7,
        _ => 8,
    };
}
