using PullDoctor.Operator.Crds;

namespace PullDoctor.Operator.Reconciliation;

/// <summary>Reads and writes of ImagePullDiagnosis objects. Status is written only through the status subresource.</summary>
internal interface IDiagnosisClient
{
    /// <summary>The diagnosis, or null when there is none.</summary>
    Task<ImagePullDiagnosis?> GetAsync(string namespaceName, string name, CancellationToken cancellationToken);

    /// <summary>Creates the object (metadata and spec; the API server drops status on create).</summary>
    Task<ImagePullDiagnosis> CreateAsync(ImagePullDiagnosis diagnosis, CancellationToken cancellationToken);

    /// <summary>PUT to <c>/status</c> with the object's resourceVersion: a stale one gives 409 Conflict.</summary>
    Task<ImagePullDiagnosis> ReplaceStatusAsync(ImagePullDiagnosis diagnosis, CancellationToken cancellationToken);

    /// <summary>
    /// Merge-patches <c>metadata.labels</c> (only the keys given; no resourceVersion precondition, the keys are
    /// PullDoctor's alone).
    /// </summary>
    Task<ImagePullDiagnosis> PatchLabelsAsync(string namespaceName, string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken);

    /// <summary>Deletes the object if its uid is still <paramref name="uid"/> (a precondition, so a newer object survives).</summary>
    Task DeleteAsync(string namespaceName, string name, string uid, CancellationToken cancellationToken);

    /// <summary>All diagnoses PullDoctor manages (label selector), listed live (the operator itself reads them from its informer).</summary>
    Task<IReadOnlyList<ImagePullDiagnosis>> ListAsync(string? namespaceName, CancellationToken cancellationToken);
}
