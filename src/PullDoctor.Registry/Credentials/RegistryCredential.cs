using System.Security.Cryptography;
using System.Text;

namespace PullDoctor.Registry.Credentials;

/// <summary>
/// What a registry is sent to authenticate: a user name and password, or an identity (refresh) token.
/// Deliberately not a record: a record would print and compare its secrets; this type prints only the
/// user name and compares by reference.
/// </summary>
public sealed class RegistryCredential
{
    private RegistryCredential(string? username, string? password, string? identityToken)
    {
        Username = username ?? string.Empty;
        Password = password ?? string.Empty;
        IdentityToken = identityToken;
    }

    public string Username { get; }

    public string Password { get; }

    /// <summary>An OAuth2 refresh token (docker config's <c>identitytoken</c>), used instead of the password.</summary>
    public string? IdentityToken { get; }

    public static RegistryCredential FromUsernamePassword(string username, string password)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        return new RegistryCredential(username, password, null);
    }

    public static RegistryCredential FromIdentityToken(string identityToken, string? username = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(identityToken);
        return new RegistryCredential(username ?? "<token>", null, identityToken);
    }

    /// <summary>The value of an <c>Authorization: Basic</c> header (secret material: never log it).</summary>
    internal string BasicAuthorizationValue => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    /// <summary>Every string that would reveal the secret if it showed up in output.</summary>
    internal IEnumerable<string> SecretForms()
    {
        if (Password.Length > 0)
        {
            yield return Password;
            yield return BasicAuthorizationValue;
            yield return Uri.EscapeDataString(Password);
        }

        if (IdentityToken is { Length: > 0 } token)
        {
            yield return token;
        }
    }

    /// <summary>
    /// A keyed hash of the credential, so cache keys can tell credentials apart without holding them.
    /// Keyed (HMAC-SHA-256 with a per-process random key) rather than a bare SHA-256, so a fingerprint
    /// that leaks cannot be brute-forced offline to recover a weak password.
    /// </summary>
    internal string Fingerprint(byte[] key)
    {
        var material = Encoding.UTF8.GetBytes($"{Username}\0{Password}\0{IdentityToken}");
        try
        {
            return Convert.ToHexStringLower(HMACSHA256.HashData(key, material));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    public override string ToString() =>
        IdentityToken is null ? $"RegistryCredential {{ Username = {Username}, Password = *** }}" : $"RegistryCredential {{ Username = {Username}, IdentityToken = *** }}";
}
