using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace PullDoctor.RegistryFixtures;

/// <summary>HttpClients for talking to the fixtures directly (not through the code under test).</summary>
public static class TestHttpClients
{
    /// <summary>
    /// A handler that trusts exactly <paramref name="trustedCa"/> (plus nothing from the system store), or,
    /// when null, the system store as usual. Redirects are not followed so tests see what servers answer.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(X509Certificate2? trustedCa = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        };
        if (trustedCa is not null)
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.Add(trustedCa);
            handler.SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        }

        return handler;
    }

    /// <summary>A handler that accepts any server certificate; for fixture plumbing only, never for assertions.</summary>
    public static SocketsHttpHandler CreateInsecureHandler()
    {
        var handler = CreateHandler();
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            // Fixture plumbing (readiness checks, pushes to our own loopback servers), never the code under test.
#pragma warning disable CA5359
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
#pragma warning restore CA5359
        };
        return handler;
    }

    /// <summary>An HttpClient over <see cref="CreateHandler"/> with a short timeout.</summary>
    public static HttpClient Create(X509Certificate2? trustedCa = null, TimeSpan? timeout = null) =>
        new(CreateHandler(trustedCa), disposeHandler: true) { Timeout = timeout ?? TimeSpan.FromSeconds(10) };
}
