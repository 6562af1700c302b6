namespace PullDoctor.Registry.Http;

/// <summary>One exchange of a probe as evidence: what was asked and what the registry answered. Never secret material.</summary>
/// <param name="Request">E.g. <c>GET https://ghcr.io/v2/ (anonymous)</c>.</param>
/// <param name="Answer">E.g. <c>401 Unauthorized; WWW-Authenticate: Bearer realm="…"</c>, or what went wrong before an answer.</param>
public sealed record ProbeStep(string Request, string Answer)
{
    public override string ToString() => $"{Request} → {Answer}";
}
