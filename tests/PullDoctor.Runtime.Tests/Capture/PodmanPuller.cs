using PullDoctor.RegistryFixtures;

namespace PullDoctor.Runtime.Tests.Capture;

/// <summary>
/// <c>podman pull</c> (containers/image through libpod, podman 4.3) with all its state in a temp directory:
/// own storage root and run root (vfs driver), own registries.conf, policy and auth file. Returns the
/// error podman prints last (<c>Error: …</c>, the CLI prefix taken off).
/// </summary>
internal static class PodmanPuller
{
    public const string Binary = "/usr/bin/podman";

    public static async Task<(bool Succeeded, string? Message)> PullAsync(
        string image,
        SkopeoOptions options,
        string workDirectory,
        string registriesConf,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var policy = Path.Combine(workDirectory, "policy.json");
        await File.WriteAllTextAsync(policy, """{"default":[{"type":"insecureAcceptAnything"}]}""", cancellationToken).ConfigureAwait(false);
        var containersConf = Path.Combine(workDirectory, "containers.conf");
        var storageConf = Path.Combine(workDirectory, "storage.conf");
        await File.WriteAllTextAsync(containersConf, string.Empty, cancellationToken).ConfigureAwait(false);
        var authFile = Path.Combine(workDirectory, "auth.json");
        await File.WriteAllTextAsync(authFile, """{"auths":{}}""", cancellationToken).ConfigureAwait(false);
        var root = Path.Combine(workDirectory, "root");
        // podman refuses a run root longer than 50 characters; the fixtures' temp paths are longer.
        var runRootDirectory = Directory.CreateTempSubdirectory("pdr-");
        var runRoot = runRootDirectory.FullName;
        await File.WriteAllTextAsync(storageConf, $"[storage]\ndriver = \"vfs\"\nrunroot = \"{runRoot}\"\ngraphroot = \"{root}\"\n", cancellationToken).ConfigureAwait(false);
        // Nothing of the machine's podman configuration or storage is read or written.
        var environment = new Dictionary<string, string>
        {
            ["CONTAINERS_REGISTRIES_CONF"] = registriesConf,
            ["CONTAINERS_CONF"] = containersConf,
            ["CONTAINERS_STORAGE_CONF"] = storageConf,
            ["REGISTRY_AUTH_FILE"] = authFile,
            ["HOME"] = workDirectory,
            ["XDG_RUNTIME_DIR"] = workDirectory,
        };
        List<string> arguments =
        [
            "--root", root,
            "--runroot", runRoot,
            "--storage-driver", "vfs",
            "--cgroup-manager", "cgroupfs",
            "--events-backend", "file",
            "pull",
            "--signature-policy", policy,
            "--quiet",
            options.TlsVerify ? "--tls-verify=true" : "--tls-verify=false",
        ];
        if (options.CertDirectory is not null)
        {
            arguments.AddRange(["--cert-dir", options.CertDirectory]);
        }

        if (options.Credentials is not null)
        {
            arguments.AddRange(["--creds", options.Credentials]);
        }

        arguments.Add("docker://" + image);
        try
        {
            var result = await CommandRunner.RunAsync(Binary, arguments, timeout, cancellationToken: cancellationToken, environment: environment).ConfigureAwait(false);
            return result.Succeeded ? (true, null) : (false, ErrorText(result.StandardError));
        }
        finally
        {
            runRootDirectory.Delete(recursive: true);
        }
    }

    /// <summary>From podman's last <c>Error: </c> line to the end (the error may span lines), prefix off.</summary>
    internal static string ErrorText(string stderr)
    {
        const string prefix = "Error: ";
        var start = stderr.StartsWith(prefix, StringComparison.Ordinal) ? 0 : stderr.LastIndexOf("\n" + prefix, StringComparison.Ordinal) + 1;
        if (start == 0 && !stderr.StartsWith(prefix, StringComparison.Ordinal))
        {
            return stderr.Trim();
        }

        var text = stderr[(start + prefix.Length)..];

        // podman ends its output with a newline of its own; the error's own trailing newline stays.
        return text.EndsWith('\n') ? text[..^1] : text;
    }

    public static async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        var result = await CommandRunner.RunCheckedAsync(Binary, ["--version"], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return result.StandardOutput.Trim();
    }
}
