using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace PullDoctor.Registry.Network;

/// <summary>
/// Validates server certificates against the system store (which honours SSL_CERT_FILE and SSL_CERT_DIR on Linux)
/// plus extra trusted CAs (<c>--ca-file</c>), and records exactly what was wrong, because the exception the TLS
/// stack throws says little.
/// </summary>
internal sealed class TlsCertificateValidator(IReadOnlyList<X509Certificate2> extraRoots, ConnectionObserver observer, TimeProvider timeProvider)
{
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        var host = (sender as SslStream)?.TargetHostName ?? string.Empty;
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            observer.RecordTlsFailure(new TlsFailure(host, TlsProblemKind.Other, "the server sent no certificate"));
            return false;
        }

        using var leaf = new X509Certificate2(certificate);
        var problems = new List<(TlsProblemKind Kind, string Text)>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            problems.AddRange(ChainProblems(leaf, chain));
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            problems.Add((TlsProblemKind.NameMismatch, $"certificate is valid for {CertificateNames(leaf)}, not {host}"));
        }

        if (problems.Count == 0)
        {
            return true;
        }

        problems.Sort((a, b) => a.Kind.CompareTo(b.Kind));
        observer.RecordTlsFailure(new TlsFailure(host, problems[0].Kind, string.Join("; ", problems.Select(p => p.Text).Distinct())));
        return false;
    }

    private IEnumerable<(TlsProblemKind, string)> ChainProblems(X509Certificate2 leaf, X509Chain? systemChain)
    {
        var statuses = systemChain?.ChainStatus.Select(s => s.Status).ToList() ?? [];
        var untrusted = statuses.Count == 0 || statuses.Any(s => s is X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain);
        if (untrusted && extraRoots.Count > 0)
        {
            statuses = BuildWithExtraRoots(leaf, systemChain);
        }

        var now = timeProvider.GetUtcNow();
        foreach (var status in statuses.Distinct())
        {
            switch (status)
            {
                case X509ChainStatusFlags.NoError:
                    break;
                case X509ChainStatusFlags.NotTimeValid:
                    yield return leaf.NotAfter.ToUniversalTime() < now.UtcDateTime
                        ? (TlsProblemKind.Expired, $"certificate has expired (valid until {leaf.NotAfter.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ})")
                        : leaf.NotBefore.ToUniversalTime() > now.UtcDateTime
                            ? (TlsProblemKind.NotYetValid, $"certificate is not yet valid (valid from {leaf.NotBefore.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ})")
                            : (TlsProblemKind.Expired, "a certificate in the chain has expired");
                    break;
                case X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain:
                    yield return (TlsProblemKind.UnknownAuthority, $"certificate signed by unknown authority (issuer {leaf.Issuer})");
                    break;
                case X509ChainStatusFlags.Revoked:
                    yield return (TlsProblemKind.Revoked, "certificate has been revoked");
                    break;
                case X509ChainStatusFlags.RevocationStatusUnknown or X509ChainStatusFlags.OfflineRevocation:
                    break;
                default:
                    yield return (TlsProblemKind.Other, $"certificate chain problem: {status}");
                    break;
            }
        }
    }

    private List<X509ChainStatusFlags> BuildWithExtraRoots(X509Certificate2 leaf, X509Chain? systemChain)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = timeProvider.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.CustomTrustStore.AddRange(extraRoots.ToArray());
        if (systemChain is not null)
        {
            foreach (var element in systemChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        chain.Build(leaf);
        var statuses = chain.ChainStatus.Select(s => s.Status).ToList();
        foreach (var element in chain.ChainElements)
        {
            element.Certificate.Dispose();
        }

        return statuses.Count == 0 ? [X509ChainStatusFlags.NoError] : statuses;
    }

    private static string CertificateNames(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                names.AddRange(san.EnumerateDnsNames());
                names.AddRange(san.EnumerateIPAddresses().Select(a => a.ToString()));
            }
        }

        if (names.Count == 0)
        {
            names.Add(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        }

        return string.Join(", ", names.Take(5)) + (names.Count > 5 ? $" and {names.Count - 5} more" : string.Empty);
    }
}
