using System.Security.Authentication;
using PullDoctor.Core.Causes;
using PullDoctor.Registry.Network;

namespace PullDoctor.Registry.Http;

/// <summary>
/// Turns what HttpClient threw into a cause: our own connect failures first (DNS, refused, timeouts, policy), then
/// TLS (certificate problems as recorded by the validator; a plain-HTTP answer to a TLS handshake), then timeouts
/// by phase (TLS handshake vs response), then everything else as Unknown with the message kept.
/// </summary>
internal static class TransportFailureClassifier
{
    public static TransportFailure Classify(Exception exception, Uri uri, bool responseTimedOut, TimeSpan responseTimeout, ConnectionObserver observer)
    {
        var connect = Find<RegistryConnectException>(exception);
        if (connect is not null)
        {
            return connect.Kind switch
            {
                ConnectFailureKind.Blocked => new TransportFailure(null, connect.Message),
                ConnectFailureKind.DnsFailed or ConnectFailureKind.DnsTimeout => new TransportFailure(CauseCode.DnsResolutionFailed, connect.Message) { DnsName = connect.Host },
                ConnectFailureKind.Refused => new TransportFailure(CauseCode.ConnectionRefused, connect.Message),
                ConnectFailureKind.ConnectTimeout or ConnectFailureKind.Unreachable => new TransportFailure(CauseCode.NetworkTimeout, connect.Message),
                _ => new TransportFailure(CauseCode.Unknown, connect.Message),
            };
        }

        var host = uri.IdnHost;
        var observation = observer.Find(host, uri.Port);
        var https = uri.Scheme == Uri.UriSchemeHttps;

        if (Find<AuthenticationException>(exception) is { } tls)
        {
            if (observation?.ServerSpokePlainHttp == true)
            {
                return new TransportFailure(CauseCode.HttpProtocolMismatch, $"TLS handshake with {uri.Authority} failed: the server answered in plain HTTP (an HTTP registry reached over HTTPS)")
                {
                    ServerSpeaksPlainHttp = true,
                };
            }

            if (observer.TlsFailureFor(host) is { } failure)
            {
                return new TransportFailure(CauseCode.TlsCertificateError, $"TLS certificate of {uri.Authority} rejected: {failure.Description}") { TlsProblem = failure.Kind };
            }

            var closed = observation?.ServerClosedBeforeSending == true ? "the server closed the connection" : tls.InnerException?.Message ?? tls.Message;
            return new TransportFailure(CauseCode.Unknown, $"TLS handshake with {uri.Authority} failed: {closed}");
        }

        if (responseTimedOut)
        {
            if (https && observation is { TcpConnected: true } && observation.FirstBytes.IsEmpty)
            {
                return new TransportFailure(CauseCode.NetworkTimeout, $"TLS handshake with {uri.Authority} timed out after {Seconds(responseTimeout)}: the server accepted the connection but sent nothing");
            }

            return observation is { TcpConnected: true } && observation.FirstBytes.IsEmpty
                ? new TransportFailure(CauseCode.NetworkTimeout, $"no response from {uri.Authority} within {Seconds(responseTimeout)}: the server accepted the connection but never answered")
                : new TransportFailure(CauseCode.NetworkTimeout, $"response from {uri.Authority} timed out after {Seconds(responseTimeout)}");
        }

        if (!https && observation is not null && observation.FirstBytes.Length > 0 && observation.FirstBytes[0] is 0x15 or 0x16)
        {
            return new TransportFailure(CauseCode.HttpProtocolMismatch, $"{uri.Authority} answered plain HTTP with TLS: it is an HTTPS registry reached over HTTP");
        }

        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } && observation?.ServerClosedBeforeSending == true)
        {
            return new TransportFailure(CauseCode.Unknown, $"{uri.Authority} closed the connection without answering");
        }

        return new TransportFailure(CauseCode.Unknown, $"request to {uri.Authority} failed: {Innermost(exception).Message}");
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception exception)
    {
        var current = exception;
        while (current.InnerException is not null)
        {
            current = current.InnerException;
        }

        return current;
    }

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.###} s";
}
