using System.Text;
using System.Text.Json;

namespace PullDoctor.Registry.Credentials;

/// <summary>
/// Reads pull secret content the way the kubelet does (pkg/credentialprovider/config.go): JSON keys are
/// matched case-insensitively like Go's encoding/json, <c>auth</c> is base64 of <c>user:password</c> (padded or
/// not) and wins over <c>username</c>/<c>password</c>, and one undecodable entry makes the whole secret unusable,
/// as json.Unmarshal fails as a whole. Error texts name keys and fields, never values.
/// </summary>
public static class DockerConfigParser
{
    /// <summary>The secret type whose <c>.dockerconfigjson</c> key holds <c>{"auths": {...}}</c>.</summary>
    public const string DockerConfigJsonType = "kubernetes.io/dockerconfigjson";

    /// <summary>The legacy secret type whose <c>.dockercfg</c> key holds the bare registry map.</summary>
    public const string DockercfgType = "kubernetes.io/dockercfg";

    public const string DockerConfigJsonKey = ".dockerconfigjson";

    public const string DockercfgKey = ".dockercfg";

    private const int MaxContentBytes = 1024 * 1024;

    /// <summary>Parses <c>.dockerconfigjson</c> content (also docker's <c>~/.docker/config.json</c>).</summary>
    public static DockerConfigParseResult ParseDockerConfigJson(ReadOnlySpan<byte> content)
    {
        if (!TryReadObject(content, ".dockerconfigjson", out var root, out var error))
        {
            return DockerConfigParseResult.Invalid(error);
        }

        using (root)
        {
            JsonElement? auths = null;
            foreach (var property in root.RootElement.EnumerateObject())
            {
                if (property.NameEquals("auths") || string.Equals(property.Name, "auths", StringComparison.OrdinalIgnoreCase))
                {
                    auths = property.Value;
                }
            }

            if (auths is null)
            {
                return root.RootElement.EnumerateObject().Any(p => LooksLikeRegistryKey(p.Name))
                    ? DockerConfigParseResult.Invalid("the content is in the legacy .dockercfg format (a bare registry map without \"auths\"), so the kubelet finds no entries in a kubernetes.io/dockerconfigjson secret")
                    : DockerConfigParseResult.Invalid("the content has no \"auths\" object, so the kubelet finds no registry entries in it");
            }

            if (auths.Value.ValueKind == JsonValueKind.Null)
            {
                return DockerConfigParseResult.Valid(DockerConfig.Empty);
            }

            return auths.Value.ValueKind == JsonValueKind.Object
                ? ReadEntries(auths.Value, "\"auths\"")
                : DockerConfigParseResult.Invalid($"\"auths\" is a JSON {Describe(auths.Value.ValueKind)}, not an object");
        }
    }

    /// <summary>Parses legacy <c>.dockercfg</c> content: a bare map of registry key to entry.</summary>
    public static DockerConfigParseResult ParseDockercfg(ReadOnlySpan<byte> content)
    {
        if (!TryReadObject(content, ".dockercfg", out var root, out var error))
        {
            return DockerConfigParseResult.Invalid(error);
        }

        using (root)
        {
            if (root.RootElement.TryGetProperty("auths", out _))
            {
                return DockerConfigParseResult.Invalid("the content is in the .dockerconfigjson format ({\"auths\": ...}), but a kubernetes.io/dockercfg secret needs the bare registry map; use type kubernetes.io/dockerconfigjson with key .dockerconfigjson");
            }

            return ReadEntries(root.RootElement, "the registry map");
        }
    }

    /// <summary>
    /// Parses a Kubernetes Secret's type and data (values already base64-decoded, as the API client gives them)
    /// the way the kubelet selects it: the type decides which key is read.
    /// </summary>
    public static DockerConfigParseResult ParseSecret(string? type, IReadOnlyDictionary<string, byte[]>? data)
    {
        data ??= new Dictionary<string, byte[]>();
        switch (type)
        {
            case DockerConfigJsonType:
                return data.TryGetValue(DockerConfigJsonKey, out var json) && json.Length > 0
                    ? ParseDockerConfigJson(json)
                    : DockerConfigParseResult.Invalid($"the secret has type {DockerConfigJsonType} but no non-empty {DockerConfigJsonKey} key" + (data.ContainsKey(DockercfgKey) ? $" (it has {DockercfgKey}, which belongs to type {DockercfgType})" : string.Empty));
            case DockercfgType:
                return data.TryGetValue(DockercfgKey, out var cfg) && cfg.Length > 0
                    ? ParseDockercfg(cfg)
                    : DockerConfigParseResult.Invalid($"the secret has type {DockercfgType} but no non-empty {DockercfgKey} key" + (data.ContainsKey(DockerConfigJsonKey) ? $" (it has {DockerConfigJsonKey}, which belongs to type {DockerConfigJsonType})" : string.Empty));
            default:
                var hint = data.ContainsKey(DockerConfigJsonKey) ? $"; its {DockerConfigJsonKey} key is ignored unless the type is {DockerConfigJsonType}"
                    : data.ContainsKey(DockercfgKey) ? $"; its {DockercfgKey} key is ignored unless the type is {DockercfgType}"
                    : string.Empty;
                return DockerConfigParseResult.Invalid($"the secret has type {(string.IsNullOrEmpty(type) ? "(none)" : type)}, but the kubelet only uses {DockerConfigJsonType} and {DockercfgType} secrets as image pull secrets{hint}");
        }
    }

    /// <summary>
    /// Parses whatever a person hands over as a pull secret file: docker config JSON, legacy dockercfg, or a
    /// Kubernetes Secret object as JSON (<c>kubectl get secret NAME -o json</c>).
    /// </summary>
    public static DockerConfigParseResult ParseAny(ReadOnlySpan<byte> content)
    {
        if (SecretManifestReader.TryReadJson(content, out var type, out var data, out var secretError))
        {
            return ParseSecret(type, data);
        }

        if (secretError is not null)
        {
            return DockerConfigParseResult.Invalid(secretError);
        }

        return ContainsAuths(content) ? ParseDockerConfigJson(content) : ParseDockercfg(content);
    }

    private static bool ContainsAuths(ReadOnlySpan<byte> content)
    {
        try
        {
            using var document = JsonDocument.Parse(content.ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.EnumerateObject().Any(p => string.Equals(p.Name, "auths", StringComparison.OrdinalIgnoreCase));
        }
        catch (JsonException)
        {
            return true;
        }
    }

    private static DockerConfigParseResult ReadEntries(JsonElement map, string where)
    {
        var entries = new List<DockerConfigEntry>();
        foreach (var property in map.EnumerateObject())
        {
            var key = property.Name;
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                entries.Add(new DockerConfigEntry(key, null, $"the entry for {key} is null"));
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                return DockerConfigParseResult.Invalid($"the entry for {key} in {where} is a JSON {Describe(property.Value.ValueKind)}, not an object");
            }

            string? username = null, password = null, auth = null, identityToken = null;
            foreach (var field in property.Value.EnumerateObject())
            {
                var name = field.Name.ToLowerInvariant();
                if (name is not ("username" or "password" or "auth" or "identitytoken"))
                {
                    continue;
                }

                if (field.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (field.Value.ValueKind != JsonValueKind.String)
                {
                    return DockerConfigParseResult.Invalid($"the {name} field of the entry for {key} is a JSON {Describe(field.Value.ValueKind)}, not a string");
                }

                var value = field.Value.GetString();
                switch (name)
                {
                    case "username": username = value; break;
                    case "password": password = value; break;
                    case "auth": auth = value; break;
                    default: identityToken = value; break;
                }
            }

            if (!string.IsNullOrEmpty(auth))
            {
                if (!TryDecodeAuth(auth, out username, out password, out var problem))
                {
                    return DockerConfigParseResult.Invalid($"the auth field of the entry for {key} {problem}");
                }
            }

            if (string.IsNullOrEmpty(username) && string.IsNullOrEmpty(password))
            {
                var problem = string.IsNullOrEmpty(identityToken)
                    ? $"the entry for {key} has no auth, username or password"
                    : $"the entry for {key} has only an identitytoken, which the kubelet does not pass to the container runtime (it sends username and password only)";
                entries.Add(new DockerConfigEntry(key, null, problem));
                continue;
            }

            entries.Add(new DockerConfigEntry(key, RegistryCredential.FromUsernamePassword(username ?? string.Empty, password ?? string.Empty)));
        }

        return DockerConfigParseResult.Valid(new DockerConfig(entries));
    }

    // config.go decodeDockerConfigFieldAuth: padded when it ends in '=', raw otherwise; split at the first ':'.
    private static bool TryDecodeAuth(string field, out string? username, out string? password, out string problem)
    {
        username = password = null;
        problem = string.Empty;
        var trimmed = field.Trim();
        var padded = trimmed.EndsWith('=');
        var text = padded ? field : field + new string('=', (4 - (field.Length % 4)) % 4);
        byte[] decoded;
        try
        {
            if (!padded && field.Length % 4 == 1)
            {
                throw new FormatException();
            }

            decoded = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            problem = "is not valid base64 (it must be base64 of username:password)";
            return false;
        }

        var value = Encoding.UTF8.GetString(decoded);
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            problem = "decodes to a value without ':' (it must be base64 of username:password)";
            return false;
        }

        username = value[..colon];
        password = value[(colon + 1)..];
        return true;
    }

    private static bool TryReadObject(ReadOnlySpan<byte> content, string what, out JsonDocument document, out string error)
    {
        document = null!;
        error = string.Empty;
        if (content.Length > MaxContentBytes)
        {
            error = $"the {what} content is larger than {MaxContentBytes / 1024} KiB";
            return false;
        }

        try
        {
            document = JsonDocument.Parse(content.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = false, MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            error = $"the {what} content is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1})";
            return false;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            error = $"the {what} content is a JSON {Describe(document.RootElement.ValueKind)}, not an object";
            document.Dispose();
            return false;
        }

        return true;
    }

    private static bool LooksLikeRegistryKey(string name) =>
        name.Contains('.', StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal) || name.Equals("localhost", StringComparison.OrdinalIgnoreCase);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "object",
    };
}
