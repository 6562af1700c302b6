namespace PullDoctor.RegistryFixtures;

/// <summary>How the test registry authenticates clients.</summary>
public enum RegistryAuthMode
{
    /// <summary>No authentication: anyone may pull and push.</summary>
    Anonymous,

    /// <summary>htpasswd (bcrypt) basic auth: 401 with <c>WWW-Authenticate: Basic realm=...</c>.</summary>
    Basic,

    /// <summary>
    /// Token auth: 401 with a <c>Bearer realm=...,service=...,scope=...</c> challenge, tokens from an
    /// in-process issuer (<see cref="TokenIssuer"/>).
    /// </summary>
    Token,
}
