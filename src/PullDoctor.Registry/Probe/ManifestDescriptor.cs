namespace PullDoctor.Registry.Probe;

/// <summary>A content descriptor from a manifest or index.</summary>
internal sealed record ManifestDescriptor(string Digest, string? MediaType, Platform? Platform, bool IsAttestation);
