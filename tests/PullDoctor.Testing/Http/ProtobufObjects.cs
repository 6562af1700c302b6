using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using PullDoctor.Testing.Api;

namespace PullDoctor.Testing.Http;

/// <summary>
/// Request bodies in <c>application/vnd.kubernetes.protobuf</c>, as kubectl's typed <c>create</c> commands send them
/// (<c>kubectl create namespace</c>, <c>create secret docker-registry|generic</c>, <c>create serviceaccount</c>,
/// <c>create configmap</c>): the envelope is the magic <c>k8s\0</c> then a <c>runtime.Unknown</c> (typeMeta=1,
/// raw=2, contentEncoding=3, contentType=4) whose raw bytes are the object in the wire format of the upstream
/// k8s.io/api generated.proto (field numbers below are upstream's). Decoded into the JSON the server stores, for the
/// kinds listed; any other kind, or a field of these kinds the decoder does not know, is refused with 415 rather than
/// silently dropped.
/// </summary>
internal static class ProtobufObjects
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static JsonObject Decode(byte[] body)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw ApiException.BadRequest("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
        }

        string apiVersion = string.Empty, kind = string.Empty;
        ByteString raw = ByteString.Empty;
        var input = new CodedInputStream(body, Magic.Length, body.Length - Magic.Length);
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    foreach (var (field, value) in Fields(input.ReadBytes()))
                    {
                        if (field == 1)
                        {
                            apiVersion = value.ToStringUtf8();
                        }
                        else if (field == 2)
                        {
                            kind = value.ToStringUtf8();
                        }
                    }

                    break;
                case 2:
                    raw = input.ReadBytes();
                    break;
                case 3 or 4:
                    if (input.ReadString() is { Length: > 0 } encoding)
                    {
                        throw Unsupported($"content encoding or type {encoding}");
                    }

                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        switch ((apiVersion, kind))
        {
            case ("v1", "Namespace"):
                Read(raw, (field, value) => field switch
                {
                    1 => Set(obj, "metadata", Metadata(value)),
                    2 => Set(obj, "spec", Message(value, (f, v) => f == 1 ? Append(obj, "spec", "finalizers", v.ToStringUtf8()) : Unknown(kind, "spec", f, v))),
                    3 => true, // status: the server's to write
                    _ => Unknown(kind, string.Empty, field, value),
                });
                break;
            case ("v1", "Secret"):
                Read(raw, (field, value) => field switch
                {
                    1 => Set(obj, "metadata", Metadata(value)),
                    2 => Entry(obj, "data", value, v => Convert.ToBase64String(v.ToByteArray())),
                    3 => Set(obj, "type", JsonValue.Create(value.ToStringUtf8())),
                    4 => Entry(obj, "stringData", value, v => v.ToStringUtf8()),
                    _ => Unknown(kind, string.Empty, field, value),
                });
                break;
            case ("v1", "ConfigMap"):
                Read(raw, (field, value) => field switch
                {
                    1 => Set(obj, "metadata", Metadata(value)),
                    2 => Entry(obj, "data", value, v => v.ToStringUtf8()),
                    3 => Entry(obj, "binaryData", value, v => Convert.ToBase64String(v.ToByteArray())),
                    _ => Unknown(kind, string.Empty, field, value),
                });
                break;
            case ("v1", "ServiceAccount"):
                Read(raw, (field, value) => field switch
                {
                    1 => Set(obj, "metadata", Metadata(value)),
                    3 => AppendObject(obj, "imagePullSecrets", Message(value, (f, v) => f == 1 || Unknown(kind, "imagePullSecrets", f, v), v => new JsonObject { ["name"] = v.ToStringUtf8() })),
                    _ => Unknown(kind, string.Empty, field, value),
                });
                break;
            default:
                throw Unsupported($"kind {apiVersion}/{kind}");
        }

        return obj;
    }

    // ObjectMeta (k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto): the fields a create sends.
    private static JsonObject Metadata(ByteString bytes)
    {
        var meta = new JsonObject();
        Read(bytes, (field, value) => field switch
        {
            1 => Set(meta, "name", JsonValue.Create(value.ToStringUtf8())),
            2 => Set(meta, "generateName", JsonValue.Create(value.ToStringUtf8())),
            3 => Set(meta, "namespace", JsonValue.Create(value.ToStringUtf8())),
            8 => true, // creationTimestamp: a zero Time; the server sets it
            11 => Entry(meta, "labels", value, v => v.ToStringUtf8()),
            12 => Entry(meta, "annotations", value, v => v.ToStringUtf8()),
            14 => AppendValue(meta, "finalizers", value.ToStringUtf8()),
            _ => Unknown("ObjectMeta", string.Empty, field, value),
        });
        return meta;
    }

    private static void Read(ByteString bytes, Func<int, ByteString, bool> onField)
    {
        foreach (var (field, value) in Fields(bytes))
        {
            onField(field, value);
        }
    }

    private static JsonObject Message(ByteString bytes, Func<int, ByteString, bool> onField)
    {
        foreach (var (field, value) in Fields(bytes))
        {
            onField(field, value);
        }

        return [];
    }

    private static JsonObject Message(ByteString bytes, Func<int, ByteString, bool> onField, Func<ByteString, JsonObject> build)
    {
        JsonObject? built = null;
        foreach (var (field, value) in Fields(bytes))
        {
            if (onField(field, value) && field == 1)
            {
                built = build(value);
            }
        }

        return built ?? [];
    }

    /// <summary>The fields of a message: numbers with their length-delimited values (varints as their bytes' text).</summary>
    private static IEnumerable<(int Field, ByteString Value)> Fields(ByteString bytes)
    {
        var input = new CodedInputStream(bytes.ToByteArray());
        var fields = new List<(int, ByteString)>();
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            var field = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.LengthDelimited:
                    fields.Add((field, input.ReadBytes()));
                    break;
                case WireFormat.WireType.Varint:
                    fields.Add((field, ByteString.CopyFromUtf8(input.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture))));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return fields;
    }

    /// <summary>A map entry (key=1, value=2) added to <c>target[property]</c>.</summary>
    private static bool Entry(JsonObject target, string property, ByteString entry, Func<ByteString, string> value)
    {
        string? key = null;
        var text = string.Empty;
        foreach (var (field, bytes) in Fields(entry))
        {
            if (field == 1)
            {
                key = bytes.ToStringUtf8();
            }
            else if (field == 2)
            {
                text = value(bytes);
            }
        }

        if (key is null)
        {
            throw ApiException.BadRequest($"{property}: a map entry without a key");
        }

        if (target[property] is not JsonObject map)
        {
            target[property] = map = [];
        }

        map[key] = text;
        return true;
    }

    private static bool Set(JsonObject target, string property, JsonNode? value)
    {
        if (value is JsonObject nested && target[property] is JsonObject existing)
        {
            foreach (var (k, v) in nested.ToArray())
            {
                nested.Remove(k);
                existing[k] = v;
            }

            return true;
        }

        target[property] = value;
        return true;
    }

    private static bool Append(JsonObject obj, string parent, string property, string value)
    {
        if (obj[parent] is not JsonObject nested)
        {
            obj[parent] = nested = [];
        }

        return AppendValue(nested, property, value);
    }

    private static bool AppendValue(JsonObject target, string property, string value)
    {
        if (target[property] is not JsonArray list)
        {
            target[property] = list = [];
        }

        list.Add(value);
        return true;
    }

    private static bool AppendObject(JsonObject target, string property, JsonObject value)
    {
        if (target[property] is not JsonArray list)
        {
            target[property] = list = [];
        }

        list.Add(value);
        return true;
    }

    /// <summary>
    /// A field the decoder does not map. Go's generated marshallers write every non-pointer field, set or not
    /// (e.g. ObjectMeta's selfLink, uid, resourceVersion, generation), so an empty or zero value is what "unset"
    /// looks like on the wire and is skipped; a value is refused rather than dropped.
    /// </summary>
    private static bool Unknown(string kind, string path, int field, ByteString value) =>
        value.IsEmpty || value.ToStringUtf8() == "0" || (kind == "ObjectMeta" && field is 8 or 9 && Fields(value).All(f => f.Value.ToStringUtf8() == "0"))
            ? true
            : throw Unsupported($"field {field} of {kind}{(path.Length == 0 ? string.Empty : "." + path)}");

    private static ApiException Unsupported(string what) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - this test server decodes {MediaType} only for Namespace, Secret, ConfigMap and ServiceAccount creates, not {what}; accepted media types include: application/json, application/yaml");
}
