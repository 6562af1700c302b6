namespace PullDoctor.Core.Messages;

/// <summary>What kind of user data a value lifted out of a message is.</summary>
public enum ValueKind
{
    /// <summary>An image reference or a part of one (repository, familiar name, tag).</summary>
    Reference,

    /// <summary>A URL (the request the runtime made, a token realm, a link in a registry body).</summary>
    Url,

    /// <summary>A host name, with or without a port.</summary>
    Host,

    /// <summary>An IP address or <c>host:port</c> a socket used (<c>dial tcp …</c>, a DNS server).</summary>
    Address,

    /// <summary>A content digest (<c>sha256:…</c>).</summary>
    Digest,

    /// <summary>A file path on the node.</summary>
    Path,

    /// <summary>A media type (<c>application/vnd.docker.distribution.manifest.v1+prettyjws</c>).</summary>
    MediaType,

    /// <summary>A name a TLS certificate is valid for (its SAN list).</summary>
    CertificateName,

    /// <summary>The name a TLS client wanted the certificate to be valid for.</summary>
    WantedName,

    /// <summary>The name a DNS lookup asked for.</summary>
    LookupName,

    /// <summary>A pull secret's name, as the kubelet lists them.</summary>
    SecretName,

    /// <summary>Anything else quoted or shaped like data (versions, ids, quoted words).</summary>
    Other,
}

/// <summary>One value lifted out of a message: what it is and its text as written.</summary>
public readonly record struct MessageValue(ValueKind Kind, string Text);
