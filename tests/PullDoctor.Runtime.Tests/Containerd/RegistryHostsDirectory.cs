using System.Text;

namespace PullDoctor.Runtime.Tests.Containerd;

/// <summary>
/// containerd's <c>config_path</c> directory (<c>certs.d</c>): one <c>HOST:PORT/hosts.toml</c> per registry
/// that needs something other than the default (HTTPS with the system trust store).
/// </summary>
internal sealed class RegistryHostsDirectory
{
    public RegistryHostsDirectory(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
    }

    public string Path { get; }

    /// <summary>The registry speaks plain HTTP (what an "insecure registry" is on a node).</summary>
    public void AddPlainHttp(string hostAndPort) => Write(hostAndPort, $"http://{hostAndPort}", caPath: null);

    /// <summary>HTTPS, trusting <paramref name="caPath"/> (a PEM file) for this registry.</summary>
    public void AddTrustedCa(string hostAndPort, string caPath) => Write(hostAndPort, $"https://{hostAndPort}", caPath);

    private void Write(string hostAndPort, string server, string? caPath)
    {
        var toml = new StringBuilder()
            .Append("server = \"").Append(server).AppendLine("\"")
            .AppendLine()
            .Append("[host.\"").Append(server).AppendLine("\"]")
            .AppendLine("  capabilities = [\"pull\", \"resolve\"]");
        if (caPath is not null)
        {
            toml.Append("  ca = \"").Append(caPath).AppendLine("\"");
        }

        var directory = System.IO.Path.Combine(Path, hostAndPort);
        Directory.CreateDirectory(directory);
        File.WriteAllText(System.IO.Path.Combine(directory, "hosts.toml"), toml.ToString());
    }
}
