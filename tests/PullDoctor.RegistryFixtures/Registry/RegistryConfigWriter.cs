using System.Globalization;
using System.Text;

namespace PullDoctor.RegistryFixtures;

/// <summary>Renders distribution's config.yml for one test registry.</summary>
internal static class RegistryConfigWriter
{
    public sealed record TokenSettings(Uri Realm, string Service, string Issuer, string RootCertificateBundlePath);

    public static string Render(
        int port,
        string storageDirectory,
        ServerCertificate? tls,
        string? htpasswdPath,
        TokenSettings? token)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("version: 0.1");
        yaml.AppendLine("log:");
        yaml.AppendLine("  level: info");
        yaml.AppendLine("  formatter: text");
        yaml.AppendLine("  accesslog:");
        yaml.AppendLine("    disabled: false");
        yaml.AppendLine("storage:");
        yaml.AppendLine("  filesystem:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"    rootdirectory: {Quote(storageDirectory)}");
        yaml.AppendLine("  delete:");
        yaml.AppendLine("    enabled: true");
        yaml.AppendLine("  maintenance:");
        yaml.AppendLine("    uploadpurging:");
        yaml.AppendLine("      enabled: false");
        yaml.AppendLine("health:");
        yaml.AppendLine("  storagedriver:");
        yaml.AppendLine("    enabled: false");
        yaml.AppendLine("http:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  addr: 127.0.0.1:{port}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  secret: {Quote(Guid.NewGuid().ToString("N"))}");
        if (tls is not null)
        {
            yaml.AppendLine("  tls:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    certificate: {Quote(tls.CertificatePath)}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    key: {Quote(tls.KeyPath)}");
        }

        if (htpasswdPath is not null)
        {
            yaml.AppendLine("auth:");
            yaml.AppendLine("  htpasswd:");
            yaml.AppendLine("    realm: pulldoctor-test-registry");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    path: {Quote(htpasswdPath)}");
        }
        else if (token is not null)
        {
            yaml.AppendLine("auth:");
            yaml.AppendLine("  token:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    realm: {Quote(token.Realm.ToString())}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    service: {Quote(token.Service)}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    issuer: {Quote(token.Issuer)}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    rootcertbundle: {Quote(token.RootCertificateBundlePath)}");
        }

        return yaml.ToString();
    }

    // Single-quoted YAML scalars only need their own quote doubled.
    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
