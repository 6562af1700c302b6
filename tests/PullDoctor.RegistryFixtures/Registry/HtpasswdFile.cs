namespace PullDoctor.RegistryFixtures;

/// <summary>Writes an htpasswd file with bcrypt hashes, the only hash distribution's htpasswd auth accepts.</summary>
internal static class HtpasswdFile
{
    public static async Task WriteAsync(string path, IEnumerable<RegistryUser> users, CancellationToken cancellationToken)
    {
        var htpasswd = ExternalBinary.Require(ExternalBinary.Htpasswd);
        var lines = new List<string>();
        foreach (var user in users)
        {
            // -i reads the password from stdin so it never shows up in a process list; cost 4 keeps it fast.
            var result = await CommandRunner.RunAsync(
                htpasswd, ["-n", "-B", "-C", "4", "-i", user.Name], TimeSpan.FromSeconds(10), user.Password, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"htpasswd failed for user {user.Name}: {result.StandardError}");
            }

            lines.Add(result.StandardOutput.Trim());
        }

        await File.WriteAllLinesAsync(path, lines, cancellationToken).ConfigureAwait(false);
    }
}
