using k8s.Models;
using PullDoctor.Diagnosis;

namespace PullDoctor.Operator.Diagnosis;

/// <summary>
/// The reads of the operator and <c>diagnose pod</c>: the diagnosis port, and the live pod for the few decisions the
/// cache cannot make (a recovered or re-created pod). Null for an object that does not exist (404); throws otherwise.
/// </summary>
public interface IClusterReader : IPodEvidenceSource
{
    Task<V1Pod?> GetPodAsync(string namespaceName, string name, CancellationToken cancellationToken);
}
