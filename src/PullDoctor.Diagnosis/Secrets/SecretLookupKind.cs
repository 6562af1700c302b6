namespace PullDoctor.Diagnosis;

public enum SecretLookupKind
{
    NotRead = 0,
    Missing,
    Invalid,
    Read,
}
