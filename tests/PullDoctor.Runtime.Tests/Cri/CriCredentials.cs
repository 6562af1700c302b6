namespace PullDoctor.Runtime.Tests.Cri;

/// <summary>
/// What the kubelet puts into CRI <c>AuthConfig</c> from a matching dockerconfigjson pull secret: user name
/// and password only. Its keyring leaves <c>server_address</c> empty; containerd 1.6 would parse a bare
/// <c>host:port</c> there as a URL scheme and then drop the credentials as "for another host".
/// </summary>
internal sealed record CriCredentials(string Username, string Password);
