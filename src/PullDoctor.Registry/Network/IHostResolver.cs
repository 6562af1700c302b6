using System.Net;

namespace PullDoctor.Registry.Network;

/// <summary>Resolves registry host names. The probe resolves names itself so it can vet every address before connecting.</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
