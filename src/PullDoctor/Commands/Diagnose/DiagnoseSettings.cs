using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PullDoctor.Cli.Input;
using PullDoctor.Registry.Credentials;
using PullDoctor.Registry.Network;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Cli.Commands.Diagnose;

/// <summary>
/// Validated inputs of one <c>diagnose IMAGE</c> run; anything wrong here is an <see cref="InputException"/>, a usage
/// error (exit 2) before any probe.
/// </summary>
internal sealed record DiagnoseSettings(
    string Image,
    string? PullSecretPath,
    DockerConfigParseResult? PullSecret,
    Platform? Platform,
    IReadOnlyList<X509Certificate2> TrustedCertificates,
    IReadOnlyList<IPNetwork> AllowedNetworks,
    bool PlainHttp,
    bool HttpFallback,
    TimeSpan Timeout,
    bool Json)
{
    public static async Task<DiagnoseSettings> FromAsync(ParseResult parse, DiagnoseImageOptions options, Stream stdin, CancellationToken cancellationToken)
    {
        var image = parse.GetValue(options.Image) ?? string.Empty;
        if (string.IsNullOrWhiteSpace(image))
        {
            throw new InputException("IMAGE is empty: give an image reference as written in the pod spec, e.g. nginx:1.25");
        }

        Platform? platform = null;
        if (parse.GetValue(options.Platform) is { } platformText && !Registry.Probe.Platform.TryParse(platformText, out platform))
        {
            throw new InputException($"--platform '{platformText}' is not OS/ARCH[/VARIANT], e.g. linux/amd64 or linux/arm/v7");
        }

        var networks = new List<IPNetwork>();
        foreach (var text in parse.GetValue(options.AllowNetworks) ?? [])
        {
            if (!NetworkPolicy.TryParseNetwork(text, out var network))
            {
                throw new InputException($"--allow-network '{text}' is not a CIDR (e.g. 169.254.10.0/24) or an IP address");
            }

            networks.Add(network);
        }

        var seconds = parse.GetValue(options.Timeout);
        if (seconds is <= 0 or > 3600 || double.IsNaN(seconds))
        {
            throw new InputException($"--timeout {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} is out of range: give seconds greater than 0 and at most 3600 (default {DiagnoseImageOptions.DefaultTimeoutSeconds})");
        }

        var certificates = new List<X509Certificate2>();
        foreach (var path in parse.GetValue(options.CaFiles) ?? [])
        {
            certificates.AddRange(await ReadCertificatesAsync(path, cancellationToken));
        }

        var secretPath = parse.GetValue(options.PullSecret);
        var secret = secretPath is null ? null : await DiagnosePullSecretFile.ReadAsync(secretPath, stdin, cancellationToken);

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

    // A CA bundle of a few hundred certificates is well under 1 MiB; /dev/zero or a huge file stops at the cap.
    private static async Task<X509Certificate2Collection> ReadCertificatesAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await BoundedInput.ReadAsync(path, Stream.Null, 1024 * 1024, $"--ca-file {path}", $"--ca-file: {path}", cancellationToken);
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(StrictUtf8.Decode(bytes, $"--ca-file {path}"));
        }
        catch (CryptographicException ex)
        {
            throw new InputException($"cannot read --ca-file {path}: {ex.Message.ReplaceLineEndings(" ")}");
        }

        return collection.Count > 0 ? collection : throw new InputException($"--ca-file {path} contains no PEM certificate");
    }
}
