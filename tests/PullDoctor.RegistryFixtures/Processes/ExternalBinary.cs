using PullDoctor.TestSupport;

namespace PullDoctor.RegistryFixtures;

/// <summary>
/// Locates the external programs the fixtures drive. In CI (<see cref="CiEnvironment"/>) a missing program fails
/// the test, because a skipped registry test would hide a broken pipeline; on a developer machine it is ignored
/// with a message saying what to install.
/// </summary>
public static class ExternalBinary
{
    public const string DockerRegistry = "/usr/bin/docker-registry";
    public const string Skopeo = "/usr/bin/skopeo";
    public const string Nginx = "/usr/sbin/nginx";
    public const string Htpasswd = "/usr/bin/htpasswd";
    public const string Openssl = "/usr/bin/openssl";
    public const string Containerd = "/usr/bin/containerd";

    /// <summary>
    /// Returns <paramref name="path"/> when the file exists; otherwise fails (CI) or ignores (locally) the
    /// current test through NUnit. Call it from [OneTimeSetUp] or a test, never from static initialisers.
    /// </summary>
    /// <param name="path">Absolute path of the program.</param>
    /// <param name="debianPackage">The package that provides it, named in the message.</param>
    public static string Require(string path, string debianPackage) => Require(path, debianPackage, CiEnvironment.IsCi);

    internal static string Require(string path, string debianPackage, bool isCi)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            return path;
        }

        CiEnvironment.Missing(path, $"install the Debian package '{debianPackage}' (.ci/run installs it)", isCi);
        return path; // unreachable: Missing throws.
    }

    /// <summary>The package that provides one of the well-known binaries above.</summary>
    public static string PackageOf(string path) => path switch
    {
        DockerRegistry => "docker-registry",
        Skopeo => "skopeo",
        Nginx => "nginx",
        Htpasswd => "apache2-utils",
        Openssl => "openssl",
        Containerd => "containerd",
        _ => Path.GetFileName(path),
    };

    /// <summary><see cref="Require(string, string)"/> for one of the well-known binaries above.</summary>
    public static string Require(string path) => Require(path, PackageOf(path));
}
