using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PullDoctor.Registry.Network;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Cli.Commands.Diagnose;

/// <summary>Validated inputs of one <c>diagnose IMAGE</c> run; anything wrong here is a usage error (exit 2).</summary>
internal sealed record DiagnoseSettings(
    string Image,
    string? PullSecretPath,
    byte[]? PullSecretContent,
    Platform? Platform,
    IReadOnlyList<X509Certificate2> TrustedCertificates,
    IReadOnlyList<IPNetwork> AllowedNetworks,
    bool PlainHttp,
    bool HttpFallback,
    TimeSpan Timeout,
    bool Json)
{
    public static DiagnoseSettings? From(ParseResult parse, DiagnoseImageOptions options, out string? error)
    {
        error = null;
        var image = parse.GetValue(options.Image) ?? string.Empty;

        Platform? platform = null;
        if (parse.GetValue(options.Platform) is { } platformText && !Registry.Probe.Platform.TryParse(platformText, out platform))
        {
            error = $"--platform '{platformText}' is not OS/ARCH[/VARIANT], e.g. linux/amd64 or linux/arm/v7";
            return null;
        }

        var networks = new List<IPNetwork>();
        foreach (var text in parse.GetValue(options.AllowNetworks) ?? [])
        {
            if (!NetworkPolicy.TryParseNetwork(text, out var network))
            {
                error = $"--allow-network '{text}' is not a CIDR (e.g. 169.254.10.0/24) or an IP address";
                return null;
            }

            networks.Add(network);
        }

        var certificates = new List<X509Certificate2>();
        foreach (var path in parse.GetValue(options.CaFiles) ?? [])
        {
            try
            {
                var collection = new X509Certificate2Collection();
                collection.ImportFromPemFile(path);
                if (collection.Count == 0)
                {
                    error = $"--ca-file {path} contains no PEM certificate";
                    return null;
                }

                certificates.AddRange(collection);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                error = $"cannot read --ca-file {path}: {ex.Message}";
                return null;
            }
        }

        byte[]? secret = null;
        var secretPath = parse.GetValue(options.PullSecret);
        if (secretPath is not null)
        {
            try
            {
                secret = secretPath == "-" ? ReadStdin() : File.ReadAllBytes(secretPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error = $"cannot read --pull-secret {secretPath}: {ex.Message}";
                return null;
            }
        }

        var seconds = parse.GetValue(options.Timeout);
        if (seconds is <= 0 or > 3600 || double.IsNaN(seconds))
        {
            error = $"--timeout {seconds} must be between 0 and 3600 seconds";
            return null;
        }

        return new DiagnoseSettings(
            image,
            secretPath,
            secret,
            platform,
            certificates,
            networks,
            parse.GetValue(options.PlainHttp),
            !parse.GetValue(options.NoHttpFallback),
            TimeSpan.FromSeconds(seconds),
            parse.GetValue(options.Output) == OutputOption.Json);
    }

    private static byte[] ReadStdin()
    {
        using var stdin = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        return buffer.ToArray();
    }
}
