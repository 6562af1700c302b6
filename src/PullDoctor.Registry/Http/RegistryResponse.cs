namespace PullDoctor.Registry.Http;

/// <summary>A registry's answer, body read up to the request's cap.</summary>
internal sealed record RegistryResponse(int Status, ResponseHeaders Headers, byte[] Body, bool Truncated, Uri FinalUri, bool AuthorizationSent)
{
    /// <summary>The request as evidence, e.g. <c>GET https://…/v2/ (anonymous)</c>.</summary>
    public string Asked { get; init; } = string.Empty;

    /// <summary>True when any hop (this one or one that redirected here) carried the Authorization header.</summary>
    public bool AuthorizationSentOnAnyHop { get; init; }

    /// <summary>The distribution error in the body, bounded and scrubbed; null when the body is not one.</summary>
    public RegistryError? Error { get; init; }

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The status with its standard reason phrase; never the server's own words, which could be anything.</summary>
    public string StatusText => StatusReasons.Text(Status);

    /// <summary>What to say about an answer that is not a registry error: <c>HTTP 403 from host:port</c>.</summary>
    public string Summary => $"HTTP {Status} from {FinalUri.Authority}";

    public string? ContentType => Headers["Content-Type"]?.Split(';')[0].Trim();
}
