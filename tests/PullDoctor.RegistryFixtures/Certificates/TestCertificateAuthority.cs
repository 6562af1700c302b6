using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PullDoctor.RegistryFixtures;

/// <summary>
/// A throw-away certificate authority: issues TLS server certificates (valid, expired, wrong name) and token
/// signing certificates. Its certificate is written to <see cref="CertificatePath"/> (PEM) and to
/// <c>ca.crt</c> in <see cref="CertificateDirectory"/>, the layout skopeo's <c>--cert-dir</c> and
/// containerd's <c>certs.d</c> expect.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    /// <summary>The only name in a <see cref="ServerCertificateKind.HostnameMismatch"/> certificate.</summary>
    public const string MismatchedHostName = "not-this-registry.pulldoctor.invalid";

    private static readonly Lazy<TestCertificateAuthority> SharedInstance =
        new(() => Create("PullDoctor Shared Test CA"), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ECDsa _key;
    private readonly TimeProvider _time;
    private readonly TempDirectory _directory;

    private TestCertificateAuthority(X509Certificate2 certificate, ECDsa key, TimeProvider time)
    {
        _key = key;
        _time = time;
        Certificate = certificate;
        CertificatePem = certificate.ExportCertificatePem() + "\n";
        _directory = TempDirectory.Create("ca");
        CertificateDirectory = _directory.Sub("certs");
        CertificatePath = Path.Combine(CertificateDirectory, "ca.crt");
        File.WriteAllText(CertificatePath, CertificatePem);
    }

    /// <summary>One CA for the whole test run, so clients trust every fixture that uses it.</summary>
    public static TestCertificateAuthority Shared => SharedInstance.Value;

    /// <summary>The CA certificate (public part only).</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePem { get; }

    /// <summary>PEM file with the CA certificate (named <c>ca.crt</c>).</summary>
    public string CertificatePath { get; }

    /// <summary>Directory that holds only <c>ca.crt</c>.</summary>
    public string CertificateDirectory { get; }

    public static TestCertificateAuthority Create(string commonName = "PullDoctor Test CA", TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}, O=PullDoctor tests", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();

        // Wide validity so expired and future leaves still fit inside the CA's own validity, which
        // CertificateRequest.Create insists on.
        var certificate = request.CreateSelfSigned(now.AddDays(-30), now.AddDays(30));
        return new TestCertificateAuthority(certificate, key, time);
    }

    /// <summary>
    /// Issues a server certificate. Valid and expired certificates name 127.0.0.1, ::1, localhost and
    /// <paramref name="extraHostNames"/>; a mismatch certificate names only <see cref="MismatchedHostName"/>.
    /// </summary>
    public ServerCertificate IssueServerCertificate(
        ServerCertificateKind kind = ServerCertificateKind.Valid,
        IEnumerable<string>? extraHostNames = null)
    {
        IReadOnlyList<string> names = kind == ServerCertificateKind.HostnameMismatch
            ? [MismatchedHostName]
            : ["127.0.0.1", "::1", "localhost", .. extraHostNames ?? []];

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                san.AddIpAddress(address);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));

        var now = _time.GetUtcNow();
        var (notBefore, notAfter) = kind == ServerCertificateKind.Expired
            ? (now.AddDays(-3), now.AddDays(-1))
            : (now.AddHours(-1), now.AddDays(7));
        using var issued = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), notBefore, notAfter, NewSerial());
        var withKey = issued.CopyWithPrivateKey(key);
        return new ServerCertificate(withKey, kind, names, CertificatePem);
    }

    /// <summary>
    /// Issues a certificate for signing tokens (JWTs), with its private key. Distribution verifies the
    /// token's x5c chain against the CA given as <c>rootcertbundle</c>.
    /// </summary>
    public X509Certificate2 IssueSigningCertificate(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var now = _time.GetUtcNow();
        using var issued = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), now.AddHours(-1), now.AddDays(7), NewSerial());
        return issued.CopyWithPrivateKey(key);
    }

    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive, as RFC 5280 requires and Go's x509 enforces
        return serial;
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
        _directory.Dispose();
    }
}
