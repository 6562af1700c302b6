using System.Text;
using System.Text.Json;

namespace PullDoctor.Registry.Credentials;

/// <summary>Reads the type and data of a Kubernetes Secret object given as JSON (<c>kubectl get secret -o json</c>).</summary>
internal static class SecretManifestReader
{
    /// <returns>
    /// True with type and data when the content is a Secret object; false with a null error when it is some other
    /// JSON (e.g. a bare docker config); false with an error when it is a Secret that cannot be read.
    /// </returns>
    public static bool TryReadJson(ReadOnlySpan<byte> content, out string? type, out IReadOnlyDictionary<string, byte[]> data, out string? error)
    {
        type = null;
        data = new Dictionary<string, byte[]>();
        error = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content.ToArray());
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            if (kind.GetString() != "Secret")
            {
                error = $"the file is a Kubernetes {kind.GetString()}, not a Secret";
                return false;
            }

            if (root.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String)
            {
                type = typeElement.GetString();
            }

            var values = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            if (root.TryGetProperty("data", out var dataElement) && dataElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in dataElement.EnumerateObject())
                {
                    try
                    {
                        values[property.Name] = Convert.FromBase64String(property.Value.GetString() ?? string.Empty);
                    }
                    catch (Exception ex) when (ex is FormatException or InvalidOperationException)
                    {
                        error = $"the Secret's data.{property.Name} is not valid base64";
                        return false;
                    }
                }
            }

            // stringData is write-only on the server, but a manifest written by hand may carry it.
            if (root.TryGetProperty("stringData", out var stringData) && stringData.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in stringData.EnumerateObject())
                {
                    values[property.Name] = Encoding.UTF8.GetBytes(property.Value.GetString() ?? string.Empty);
                }
            }

            data = values;
            return true;
        }
    }
}
