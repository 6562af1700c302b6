using System.Text;

namespace PullDoctor.RegistryFixtures.Hostile;

/// <summary>How a <see cref="HostileRegistry"/> answers one request: status, headers and a body of some shape.</summary>
public sealed record HostileResponse
{
    public int Status { get; init; } = 200;

    /// <summary>The reason phrase sent on the status line, verbatim (a hostile server may put anything there).</summary>
    public string? Reason { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public ReadOnlyMemory<byte> Body { get; init; } = ReadOnlyMemory<byte>.Empty;

    public HostileBodyKind Kind { get; init; } = HostileBodyKind.Fixed;

    /// <summary>For <see cref="HostileBodyKind.Huge"/>: the declared and sent length; the body repeats <see cref="Body"/>.</summary>
    public long HugeLength { get; init; }

    public static HostileResponse Json(int status, string json, params (string Name, string Value)[] headers) =>
        Text(status, json, "application/json", headers);

    public static HostileResponse Text(int status, string text, string contentType = "text/plain", params (string Name, string Value)[] headers) => new()
    {
        Status = status,
        Body = Encoding.UTF8.GetBytes(text),
        Headers = [new("Content-Type", contentType), .. headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))],
    };

    /// <summary>A distribution API error body: <c>{"errors":[{"code":…,"message":…}]}</c>.</summary>
    public static HostileResponse RegistryError(int status, string code, string message, params (string Name, string Value)[] headers) =>
        Json(status, System.Text.Json.JsonSerializer.Serialize(new { errors = new[] { new { code, message } } }), headers);

    public static HostileResponse Redirect(string location, int status = 307) => new()
    {
        Status = status,
        Headers = [new("Location", location)],
    };

    /// <summary>A 401 with a Bearer challenge naming <paramref name="realm"/>.</summary>
    public static HostileResponse BearerChallenge(string realm, string service = "hostile") => new()
    {
        Status = 401,
        Headers = [new("WWW-Authenticate", $"Bearer realm=\"{realm}\",service=\"{service}\"")],
        Body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"u8.ToArray(),
    };

    public static HostileResponse BasicChallenge() => new()
    {
        Status = 401,
        Headers = [new("WWW-Authenticate", "Basic realm=\"hostile\"")],
    };

    /// <summary>A body that never ends (no length, connection held open), <paramref name="chunk"/> over and over.</summary>
    public static HostileResponse Endless(int status, string contentType, string chunk) => new()
    {
        Status = status,
        Kind = HostileBodyKind.Endless,
        Body = Encoding.UTF8.GetBytes(chunk),
        Headers = [new("Content-Type", contentType)],
    };

    /// <summary>A body of <paramref name="length"/> bytes (declared in Content-Length), <paramref name="chunk"/> repeated.</summary>
    public static HostileResponse Huge(int status, string contentType, long length, string prefix, string chunk) => new()
    {
        Status = status,
        Kind = HostileBodyKind.Huge,
        HugeLength = length,
        Body = Encoding.UTF8.GetBytes(prefix + "\u0000" + chunk),
        Headers = [new("Content-Type", contentType)],
    };

    /// <summary>Reads the request and never answers (until the fixture is disposed).</summary>
    public static HostileResponse Silent() => new() { Kind = HostileBodyKind.Silent };

    public HostileResponse WithHeader(string name, string value) => this with { Headers = [.. Headers, new(name, value)] };
}

/// <summary>The shape of a scripted body.</summary>
public enum HostileBodyKind
{
    /// <summary><see cref="HostileResponse.Body"/> with its Content-Length.</summary>
    Fixed,

    /// <summary>No Content-Length; the body repeats until the client goes away.</summary>
    Endless,

    /// <summary>A declared Content-Length of <see cref="HostileResponse.HugeLength"/> bytes, actually sent.</summary>
    Huge,

    /// <summary>No answer at all.</summary>
    Silent,
}
