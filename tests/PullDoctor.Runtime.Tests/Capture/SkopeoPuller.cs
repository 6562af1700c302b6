using System.Diagnostics;
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
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };

        // The machine's registries.conf and auth files are not ours to depend on.
        info.Environment["CONTAINERS_REGISTRIES_CONF"] = registriesConf;
        info.Environment["REGISTRY_AUTH_FILE"] = Path.Combine(workDirectory, "auth.json");
        info.Environment["HOME"] = workDirectory;
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
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start skopeo");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"skopeo copy docker://{image} did not finish within {timeout.TotalSeconds:0} s");
        }

        _ = await stdout.ConfigureAwait(false);
        var error = await stderr.ConfigureAwait(false);
        return process.ExitCode == 0 ? (true, null) : (false, ErrorText(error));
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
        var result = await PullDoctor.RegistryFixtures.CommandRunner.RunCheckedAsync(Binary, ["--version"], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return result.StandardOutput.Trim();
    }
}
