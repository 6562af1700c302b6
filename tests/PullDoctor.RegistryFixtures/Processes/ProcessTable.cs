using System.Globalization;

namespace PullDoctor.RegistryFixtures;

/// <summary>Reads Linux's process table (<c>/proc</c>) for what <see cref="System.Diagnostics.Process"/> cannot tell.</summary>
public static class ProcessTable
{
    /// <summary>
    /// The pids of <paramref name="parentId"/>'s live children, from every <c>/proc/PID/stat</c> (the
    /// parent pid is the fourth field, after the command name in parentheses, which may itself hold
    /// spaces or parentheses: hence the last ')').
    /// </summary>
    public static HashSet<int> ChildrenOf(int parentId)
    {
        var children = new HashSet<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // exited while we looked
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // fields[0] is the state; a zombie has exited and serves nothing.
            if (fields.Length > 1 && fields[0] != "Z"
                && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) && parent == parentId)
            {
                children.Add(pid);
            }
        }

        return children;
    }
}
