using PullDoctor.Registry.Credentials;

namespace PullDoctor.Diagnosis;

/// <summary>What reading one pull secret gave: not read (switched off), missing, invalid, or its docker config.</summary>
public sealed record SecretLookup(SecretLookupKind Kind, DockerConfig? Config = null, string? Problem = null)
{
    public static readonly SecretLookup NotRead = new(SecretLookupKind.NotRead);
    public static readonly SecretLookup Missing = new(SecretLookupKind.Missing);

    /// <summary>The pod spec names it with something that is not a Secret name; it was never read.</summary>
    public static readonly SecretLookup InvalidName = new(
        SecretLookupKind.Invalid,
        null,
        "not a valid Secret name (RFC 1123: lower-case letters, digits, '-' and '.'), so it names no Secret and the kubelet cannot use it");

    public static SecretLookup Invalid(string problem) => new(SecretLookupKind.Invalid, null, problem);

    public static SecretLookup Of(DockerConfig config) => new(SecretLookupKind.Read, config);
}
