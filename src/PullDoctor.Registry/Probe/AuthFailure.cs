using PullDoctor.Core.Causes;
using PullDoctor.Registry.Http;

namespace PullDoctor.Registry.Probe;

/// <summary>Why authentication ended the probe: a cause (null: refused by policy), what happened, and the answer that said so.</summary>
internal sealed record AuthFailure(CauseCode? Cause, string Detail, RegistryResponse? Response);
