namespace PullDoctor.Demo.Scenario;

/// <summary>One stuck pod of the demo namespace and the cause it was staged for.</summary>
/// <param name="Workload">What a person edits, as kubectl names it (<c>deployment/web</c>, <c>cronjob/nightly-report</c>, <c>pod/debug-shell</c>).</param>
/// <param name="PodName">The pod (and so the ImagePullDiagnosis) name.</param>
/// <param name="ExpectedCause">The cause code the operator should find.</param>
/// <param name="Image">The image as the pod spec writes it.</param>
/// <param name="Story">What is wrong, in a few words.</param>
internal sealed record StagedPod(string Workload, string PodName, string ExpectedCause, string Image, string Story);

/// <summary>A cause the demo could not stage here, and why.</summary>
internal sealed record SkippedCause(string ExpectedCause, string Story, string Reason);
