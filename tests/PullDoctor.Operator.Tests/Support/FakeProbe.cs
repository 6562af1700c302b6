using PullDoctor.Core.Causes;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Operator.Tests.Support;

/// <summary>A registry probe that answers from a function and records what it was asked.</summary>
internal sealed class FakeProbe(Func<ProbeRequest, ProbeResult> answer) : IRegistryProbe
{
    public List<ProbeRequest> Requests { get; } = [];

    public static ProbeResult Problem(ProbeRequest request, CauseCode cause, int? status, params string[] suggestions) => new()
    {
        Verdict = ProbeVerdict.Problem,
        Cause = cause,
        Reference = request.Image.Normalized,
        RegistryHost = request.Image.RegistryHost,
        HttpStatus = status,
        CheckedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Detail = $"the registry answered {status}.",
        SuggestedTags = suggestions,
        CredentialsSent = request.Credential is not null,
    };

    public static ProbeResult Pullable(ProbeRequest request) => new()
    {
        Verdict = ProbeVerdict.Pullable,
        Reference = request.Image.Normalized,
        RegistryHost = request.Image.RegistryHost,
        HttpStatus = 200,
        CheckedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Detail = "the manifest exists.",
        CredentialsSent = request.Credential is not null,
    };

    public Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken = default)
    {
        lock (Requests)
        {
            Requests.Add(request);
        }

        return Task.FromResult(answer(request));
    }
}
