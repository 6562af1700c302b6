namespace PullDoctor.RegistryFixtures;

/// <summary>How a <see cref="SilentListener"/> fails to be useful.</summary>
public enum SilentListenerMode
{
    /// <summary>Accepts TCP connections and never sends a byte: HTTP response timeout, or TLS handshake
    /// timeout for an HTTPS client.</summary>
    AcceptAndStaySilent,

    /// <summary>Completes the TLS handshake, then never answers: HTTPS response timeout.</summary>
    TlsHandshakeThenSilent,

    /// <summary>
    /// Listens with a full accept queue and never accepts, so the kernel drops further SYNs: connect
    /// timeout (Linux behaviour with <c>tcp_abort_on_overflow=0</c>, the default).
    /// </summary>
    NeverAccept,
}
