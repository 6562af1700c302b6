using System.Buffers;
using System.Text.Json;

namespace PullDoctor.Operator.Informers.PodStream;

/// <summary>
/// A window over a response stream in a pooled array: unread bytes are kept between <see cref="Start"/> and
/// <see cref="End"/>, compacted to the front before each read, and the array doubles (up to a bound) only when one
/// unit (a watch line, a list item) does not fit. What the API server sends is untrusted: a unit larger than the
/// bound fails as an undecodable one.
/// </summary>
internal sealed class PooledReadBuffer : IDisposable
{
    public const int InitialSize = 64 * 1024;

    private readonly int _maxSize;
    private byte[] _array;

    public PooledReadBuffer(int maxSize)
    {
        _maxSize = maxSize;
        _array = ArrayPool<byte>.Shared.Rent(Math.Min(InitialSize, maxSize));
    }

    public int Start { get; set; }

    public int End { get; private set; }

    public bool Eof { get; private set; }

    /// <summary>The unread bytes.</summary>
    public ReadOnlySpan<byte> Unread => _array.AsSpan(Start, End - Start);

    /// <summary>Reads more bytes after the unread ones; false at the end of the stream.</summary>
    public async ValueTask<bool> FillAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (Start > 0)
        {
            Buffer.BlockCopy(_array, Start, _array, 0, End - Start);
            End -= Start;
            Start = 0;
        }

        if (End == _array.Length)
            Grow();

        var read = await stream.ReadAsync(_array.AsMemory(End), cancellationToken);
        if (read == 0)
        {
            Eof = true;
            return false;
        }

        End += read;
        return true;
    }

    public void Dispose()
    {
        var array = _array;
        _array = [];
        if (array.Length > 0)
            ArrayPool<byte>.Shared.Return(array);
    }

    private void Grow()
    {
        if (_array.Length >= _maxSize)
            throw new JsonException($"An object of the response exceeds {_maxSize} bytes.");
        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_array.Length * 2, _maxSize));
        Buffer.BlockCopy(_array, 0, bigger, 0, End);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }
}
