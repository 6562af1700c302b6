namespace PullDoctor.Registry.Http;

/// <summary>A registry's answer, body read up to the request's cap.</summary>
internal sealed record RegistryResponse(int Status, string Reason, ResponseHeaders Headers, byte[] Body, bool Truncated, Uri FinalUri, bool AuthorizationSent)
{
    /// <summary>The request as evidence, e.g. <c>GET https://…/v2/ (anonymous)</c>.</summary>
    public string Asked { get; init; } = string.Empty;

    /// <summary>True when any hop (this one or one that redirected here) carried the Authorization header.</summary>
    public bool AuthorizationSentOnAnyHop { get; init; }

    public bool IsSuccess => Status is >= 200 and < 300;

    public string StatusText => Reason.Length == 0 ? Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Status} {Reason}";

    public RegistryError? Error => RegistryError.TryParse(Body);

    public string? ContentType => Headers["Content-Type"]?.Split(';')[0].Trim();
}
