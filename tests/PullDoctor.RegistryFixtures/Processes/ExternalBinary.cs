using NUnit.Framework;

namespace PullDoctor.RegistryFixtures;

/// <summary>
/// Locates the external programs the fixtures drive. In CI (env <c>CI=true</c>) a missing program fails the
/// test, because a skipped registry test would hide a broken pipeline; on a developer machine it is ignored
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

    /// <summary>True when the CI environment variable says we run in CI (<c>true</c> or <c>1</c>).</summary>
    public static bool IsCi
    {
        get
        {
            var value = Environment.GetEnvironmentVariable("CI");
            return string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1";
        }
    }

    /// <summary>
    /// Returns <paramref name="path"/> when the file exists; otherwise fails (CI) or ignores (locally) the
    /// current test through NUnit. Call it from [OneTimeSetUp] or a test, never from static initialisers.
    /// </summary>
    /// <param name="path">Absolute path of the program.</param>
    /// <param name="debianPackage">The package that provides it, named in the message.</param>
    public static string Require(string path, string debianPackage) => Require(path, debianPackage, IsCi);

    internal static string Require(string path, string debianPackage, bool isCi)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            return path;
        }

        var message = $"{path} is missing: install the Debian package '{debianPackage}' (.ci/run installs it).";
        if (isCi)
        {
            Assert.Fail($"{message} CI=true, so a missing binary is a failure, not a skip.");
        }

        Assert.Ignore($"{message} Ignored because CI is not set.");
        return path; // unreachable: Assert.Ignore throws.
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
