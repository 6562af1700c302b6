namespace PullDoctor.Registry.Network;

/// <summary>What the probe saw of one connection at the byte level, to tell protocol problems apart.</summary>
internal sealed class EndpointObservation
{
    private readonly byte[] _firstBytes = new byte[8];
    private int _firstCount;

    public string? RemoteAddress { get; set; }

    public bool TcpConnected { get; set; }

    public bool ServerClosedBeforeSending { get; set; }

    public ReadOnlySpan<byte> FirstBytes => _firstBytes.AsSpan(0, Volatile.Read(ref _firstCount));

    /// <summary>True when the server's first bytes were an HTTP status line: it speaks plain HTTP.</summary>
    public bool ServerSpokePlainHttp => FirstBytes.StartsWith("HTTP/"u8);

    public void RecordRead(ReadOnlySpan<byte> data)
    {
        lock (_firstBytes)
        {
            if (data.Length == 0)
            {
                if (_firstCount == 0)
                {
                    ServerClosedBeforeSending = true;
                }

                return;
            }

            var take = Math.Min(data.Length, _firstBytes.Length - _firstCount);
            if (take > 0)
            {
                data[..take].CopyTo(_firstBytes.AsSpan(_firstCount));
                Volatile.Write(ref _firstCount, _firstCount + take);
            }
        }
    }
}
