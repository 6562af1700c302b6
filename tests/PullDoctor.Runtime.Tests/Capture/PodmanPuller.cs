using System.Diagnostics;
using System.Text;

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
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };

        // Nothing of the machine's podman configuration or storage is read or written.
        info.Environment["CONTAINERS_REGISTRIES_CONF"] = registriesConf;
        info.Environment["CONTAINERS_CONF"] = containersConf;
        info.Environment["CONTAINERS_STORAGE_CONF"] = storageConf;
        info.Environment["REGISTRY_AUTH_FILE"] = authFile;
        info.Environment["HOME"] = workDirectory;
        info.Environment["XDG_RUNTIME_DIR"] = workDirectory;
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
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            return await RunAsync(info, image, timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            runRootDirectory.Delete(recursive: true);
        }
    }

    private static async Task<(bool Succeeded, string? Message)> RunAsync(ProcessStartInfo info, string image, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start podman");
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
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"podman pull docker://{image} did not finish within {timeout.TotalSeconds:0} s");
        }

        _ = await stdout.ConfigureAwait(false);
        var error = await stderr.ConfigureAwait(false);
        return process.ExitCode == 0 ? (true, null) : (false, ErrorText(error));
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
        var result = await PullDoctor.RegistryFixtures.CommandRunner.RunCheckedAsync(Binary, ["--version"], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return result.StandardOutput.Trim();
    }
}
