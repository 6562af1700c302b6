using PullDoctor.Registry.Credentials;

namespace PullDoctor.Operator.Diagnosis;

/// <summary>What reading one pull secret gave: not read (switched off), missing, invalid, or its docker config.</summary>
public sealed record SecretLookup(SecretLookupKind Kind, DockerConfig? Config = null, string? Problem = null)
{
    public static readonly SecretLookup NotRead = new(SecretLookupKind.NotRead);
    public static readonly SecretLookup Missing = new(SecretLookupKind.Missing);

    public static SecretLookup Invalid(string problem) => new(SecretLookupKind.Invalid, null, problem);

    public static SecretLookup Of(DockerConfig config) => new(SecretLookupKind.Read, config);
}
