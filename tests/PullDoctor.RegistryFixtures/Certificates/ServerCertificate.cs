using System.Security.Cryptography.X509Certificates;

namespace PullDoctor.RegistryFixtures;

/// <summary>A TLS server certificate with its private key, also written as PEM files for external servers.</summary>
public sealed class ServerCertificate : IDisposable
{
    private readonly TempDirectory _directory;

    internal ServerCertificate(X509Certificate2 certificate, ServerCertificateKind kind, IReadOnlyList<string> hostNames, string caPem)
    {
        Certificate = certificate;
        Kind = kind;
        HostNames = hostNames;
        _directory = TempDirectory.Create("cert");
        CertificatePath = _directory.File("server.crt");
        KeyPath = _directory.File("server.key");
        ChainPath = _directory.File("chain.crt");
        var leafPem = certificate.ExportCertificatePem() + "\n";
        File.WriteAllText(CertificatePath, leafPem);
        File.WriteAllText(ChainPath, leafPem + caPem);
        using var key = certificate.GetECDsaPrivateKey()
            ?? throw new InvalidOperationException("The server certificate has no ECDSA private key.");
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    /// <summary>The certificate with its private key (usable by Kestrel or SslStream).</summary>
    public X509Certificate2 Certificate { get; }

    public ServerCertificateKind Kind { get; }

    /// <summary>DNS names and IP addresses in the subject alternative name extension.</summary>
    public IReadOnlyList<string> HostNames { get; }

    /// <summary>PEM of the leaf certificate only.</summary>
    public string CertificatePath { get; }

    /// <summary>PEM of the leaf followed by the CA (what nginx's ssl_certificate expects for a full chain).</summary>
    public string ChainPath { get; }

    /// <summary>PKCS#8 PEM of the private key.</summary>
    public string KeyPath { get; }

    public void Dispose()
    {
        Certificate.Dispose();
        _directory.Dispose();
    }
}
