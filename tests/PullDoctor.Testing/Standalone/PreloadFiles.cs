using System.Text.Json.Nodes;
using PullDoctor.Testing.Api;
using PullDoctor.Testing.Storage;
using YamlDotNet.Core;

namespace PullDoctor.Testing.Standalone;

/// <summary>
/// The YAML files <c>serve</c> preloads. All are read and parsed before the server starts, so a missing or broken
/// file is one line and exit 2 (an <see cref="ArgumentException"/> to <see cref="CommandLine"/>), never a trace.
/// </summary>
internal static class PreloadFiles
{
    public static async Task<IReadOnlyList<(string Path, string Yaml)>> ReadAsync(IReadOnlyList<string> paths)
    {
        var files = new List<(string, string)>();
        foreach (var path in paths)
        {
            try
            {
                var yaml = await File.ReadAllTextAsync(path);
                _ = Yaml.YamlLoader.ParseDocuments(yaml);
                files.Add((path, yaml));
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new ArgumentException($"{path}: no such file");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ArgumentException($"{path}: cannot read: {OneLine(e.Message)}");
            }
            catch (YamlException e)
            {
                throw new ArgumentException($"{path}: not YAML: {OneLine(e.Message)}");
            }
        }

        return files;
    }

    /// <summary>Creates the objects of every file, then points Events and owner references at the objects as stored (see <see cref="PreloadReferences"/>).</summary>
    public static async Task LoadAsync(KubeApiServer server, IReadOnlyList<(string Path, string Yaml)> files, TextWriter output)
    {
        var loaded = new List<JsonObject>();
        foreach (var (path, yaml) in files)
        {
            IReadOnlyList<JsonObject> created;
            try
            {
                created = server.Apply(yaml);
            }
            catch (Exception e) when (e is ApiException or ArgumentException)
            {
                throw new ArgumentException($"{path}: {OneLine(e.Message)}");
            }

            loaded.AddRange(created);
            await output.WriteLineAsync($"loaded {created.Count} object(s) from {path}");
        }

        PreloadReferences.Relink(server, loaded);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
