namespace PullDoctor.Diagnosis;

/// <summary>What a diagnosis reads of a Secret: its type and data (never logged, never shown).</summary>
/// <param name="Type">The Secret's <c>type</c>, e.g. <c>kubernetes.io/dockerconfigjson</c>.</param>
/// <param name="Data">Its data, decoded from base64 by the API client.</param>
public sealed record SecretContent(string? Type, IReadOnlyDictionary<string, byte[]>? Data);
