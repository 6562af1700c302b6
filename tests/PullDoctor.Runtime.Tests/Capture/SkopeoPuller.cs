using PullDoctor.RegistryFixtures;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PullDoctor.Runtime.Tests.Capture;

/// <summary>
/// Pulls with containers/image (the library of CRI-O and podman) through <c>skopeo copy docker://… dir:…</c>,
/// which resolves, selects the platform and fetches blobs like a CRI-O pull, and returns the library's
/// error text (skopeo's log wrapper <c>time=… level=fatal msg="…"</c> taken off).
/// </summary>
internal static partial class SkopeoPuller
{
    public const string Binary = "/usr/bin/skopeo";

    public static async Task<(bool Succeeded, string? Message)> CopyAsync(
        string image,
        SkopeoOptions options,
        string workDirectory,
        string registriesConf,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        // The machine's registries.conf and auth files are not ours to depend on.
        var environment = new Dictionary<string, string>
        {
            ["CONTAINERS_REGISTRIES_CONF"] = registriesConf,
            ["REGISTRY_AUTH_FILE"] = Path.Combine(workDirectory, "auth.json"),
            ["HOME"] = workDirectory,
        };
        List<string> arguments = ["--insecure-policy"];
        if (options.CommandTimeout is { } commandTimeout)
        {
            arguments.AddRange(["--command-timeout", string.Create(CultureInfo.InvariantCulture, $"{(int)commandTimeout.TotalMilliseconds}ms")]);
        }

        arguments.AddRange(["copy", "--retry-times", "0"]);
        arguments.Add(options.TlsVerify ? "--src-tls-verify=true" : "--src-tls-verify=false");
        if (options.CertDirectory is not null)
        {
            arguments.AddRange(["--src-cert-dir", options.CertDirectory]);
        }

        if (options.Credentials is null)
        {
            arguments.Add("--src-no-creds");
        }
        else
        {
            arguments.AddRange(["--src-creds", options.Credentials]);
        }

        arguments.Add("docker://" + image);
        arguments.Add("dir:" + Path.Combine(workDirectory, "image"));
        var result = await CommandRunner.RunAsync(Binary, arguments, timeout, cancellationToken: cancellationToken, environment: environment).ConfigureAwait(false);
        return result.Succeeded ? (true, null) : (false, ErrorText(result.StandardError));
    }

    /// <summary>The <c>msg</c> of skopeo's fatal log line, unquoted; the raw stderr if there is none.</summary>
    internal static string ErrorText(string stderr)
    {
        var match = FatalLine().Match(stderr);
        return match.Success ? Unquote(match.Groups["msg"].Value) : stderr.Trim();
    }

    // logrus quotes with Go's %q: \" \\ \n \t are the escapes that occur in error texts.
    private static string Unquote(string quoted)
    {
        var text = new StringBuilder(quoted.Length);
        for (var i = 0; i < quoted.Length; i++)
        {
            if (quoted[i] == '\\' && i + 1 < quoted.Length)
            {
                i++;
                text.Append(quoted[i] switch { 'n' => '\n', 't' => '\t', var c => c });
            }
            else
            {
                text.Append(quoted[i]);
            }
        }

        return text.ToString();
    }

    [GeneratedRegex(@"level=fatal msg=""(?<msg>(?:[^""\\]|\\.)*)""", RegexOptions.CultureInvariant)]
    private static partial Regex FatalLine();

    public static async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        var result = await CommandRunner.RunCheckedAsync(Binary, ["--version"], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return result.StandardOutput.Trim();
    }
}
