using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Api;

/// <summary>
/// List continue tokens in kube-apiserver's format: base64url (unpadded) of
/// <c>{"v":"meta.k8s.io/v1","rv":N,"start":"key\u0000"}</c>; rv -1 marks an inconsistent continuation.
/// </summary>
public static class ContinueToken
{
    public static string Encode(long resourceVersion, string startKey)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = resourceVersion, ["start"] = startKey }.ToJsonString();
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static (long ResourceVersion, string StartKey) Decode(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            b64 += new string('=', (4 - (b64.Length % 4)) % 4);
            var node = JsonNode.Parse(Convert.FromBase64String(b64)) as JsonObject;
            if (node?["v"]?.ToString() != "meta.k8s.io/v1")
            {
                throw ApiException.BadRequest("continue key is not valid: server does not recognize this encoded key");
            }

            var rv = node["rv"]!.GetValue<long>();
            var start = node["start"]?.ToString() ?? throw ApiException.BadRequest("continue key is not valid: start key missing");
            if (rv == 0)
            {
                throw ApiException.BadRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
            }

            return (rv, start);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            throw ApiException.BadRequest("continue key is not valid: " + e.Message);
        }
    }
}
