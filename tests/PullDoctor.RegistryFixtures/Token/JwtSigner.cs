using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace PullDoctor.RegistryFixtures;

/// <summary>
/// Signs registry tokens the way distribution verifies them: ES256 JWTs whose header carries the signing
/// certificate in <c>x5c</c>, which distribution checks against its <c>rootcertbundle</c>
/// (registry/auth/token/token.go, VerifySigningKey).
/// </summary>
internal sealed class JwtSigner : IDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly ECDsa _key;
    private readonly string _encodedHeader;

    public JwtSigner(X509Certificate2 certificate)
    {
        _certificate = certificate;
        _key = certificate.GetECDsaPrivateKey() ?? throw new ArgumentException("The signing certificate needs an ECDSA private key.", nameof(certificate));
        _encodedHeader = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new
        {
            typ = "JWT",
            alg = "ES256",
            x5c = new[] { Convert.ToBase64String(certificate.RawData) },
        }));
    }

    public string Sign(object claims)
    {
        var signingInput = _encodedHeader + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));

        // .NET's default ECDSA signature format is IEEE P1363 (r||s), which is what JWS ES256 requires.
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        _key.Dispose();
        _certificate.Dispose();
    }
}
