namespace PullDoctor.Registry.Caching;

/// <summary>What makes two probes the same question: the normalized reference, the credential (by keyed hash) and the platform.</summary>
internal readonly record struct ProbeCacheKey(string Reference, string CredentialFingerprint, string Platform);
