using System.Text;

namespace PullDoctor.Testing.Storage;

/// <summary>One change in the store's history, as a watch delivers it.</summary>
public sealed class WatchEvent
{
    private byte[]? _line;

    public WatchEvent(string type, StoredObject obj, StoredObject? previous)
    {
        Type = type;
        Object = obj;
        Previous = previous;
    }

    /// <summary>ADDED, MODIFIED or DELETED.</summary>
    public string Type { get; }

    public StoredObject Object { get; }

    /// <summary>The object before the change, so watches with selectors can see objects enter and leave.</summary>
    public StoredObject? Previous { get; }

    public long ResourceVersion => Object.ResourceVersion;

    /// <summary>The watch line in the stored representation, serialized once and shared by every watcher.</summary>
    public byte[] Line => _line ??= WatchLines.Event(Type, Object.Json.Span);
}

/// <summary>Builds watch stream lines: <c>{"type":"ADDED","object":{...}}</c> and a newline.</summary>
public static class WatchLines
{
    private static readonly byte[] Prefix = Encoding.UTF8.GetBytes("{\"type\":\"");
    private static readonly byte[] Middle = Encoding.UTF8.GetBytes("\",\"object\":");
    private static readonly byte[] Suffix = Encoding.UTF8.GetBytes("}\n");

    public static byte[] Event(string type, ReadOnlySpan<byte> objectJson)
    {
        var typeBytes = Encoding.UTF8.GetByteCount(type);
        var line = new byte[Prefix.Length + typeBytes + Middle.Length + objectJson.Length + Suffix.Length];
        var span = line.AsSpan();
        Prefix.CopyTo(span);
        span = span[Prefix.Length..];
        Encoding.UTF8.GetBytes(type, span);
        span = span[typeBytes..];
        Middle.CopyTo(span);
        span = span[Middle.Length..];
        objectJson.CopyTo(span);
        span = span[objectJson.Length..];
        Suffix.CopyTo(span);
        return line;
    }
}
