using PullDoctor.Diagnosis;
using k8s.Models;
using PullDoctor.Operator.Crds;

namespace PullDoctor.Operator.Tests.Crds;

/// <summary>Diagnoses with every field set, for schema and round-trip tests.</summary>
internal static class SampleDiagnoses
{
    public static ImagePullDiagnosis FullyPopulated()
    {
        var at = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        return new ImagePullDiagnosis
        {
            Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = "shop" },
            Spec = new ImagePullDiagnosisSpec { PodName = "web-1", PodUid = "uid-1" },
            Status = new ImagePullDiagnosisStatus
            {
                Phase = DiagnosisPhase.Failing,
                Cause = "TagNotFound",
                Summary = "tag missing",
                Workload = new DiagnosisWorkload
                {
                    Kind = "Deployment",
                    Name = "web",
                    Ref = "deployment/web",
                    Via = "web-7c9d",
                    StuckPods = 3,
                    StuckSince = new DateTime(2026, 1, 1, 2, 14, 0, DateTimeKind.Utc),
                    Rollout = new DiagnosisRollout { NewReplicaSet = "web-7c9d", RunningReplicaSet = "web-5f4", RunningReadyPods = 3 },
                },
                Node = "node-1",
                Containers =
                [
                    new ContainerDiagnosis
                    {
                        Name = "web",
                        ContainerType = ContainerTypes.Container,
                        Image = "nginx:1.25.x",
                        Reference = "docker.io/library/nginx:1.25.x",
                        WaitingReason = "ImagePullBackOff",
                        Cause = "TagNotFound",
                        Confidence = "Confirmed",
                        Explanation = "the tag does not exist",
                        Remediation = [new RemediationStepStatus { Text = "set the tag", Command = "kubectl set image" }],
                        Suggestions = ["1.25.3"],
                        Evidence = new ContainerEvidence
                        {
                            KubeletMessage = "Failed to pull image",
                            Probe = new ProbeEvidence { Outcome = "TagNotFound", HttpStatus = 404, RegistryHost = "registry-1.docker.io", CheckedAt = at, Detail = "tag not listed", LatestAttempt = "the latest probe could not answer" },
                        },
                        PullSecrets = [new PullSecretReport { Name = "regcred", Source = "Pod", State = "Found" }],
                    },
                ],
                FirstFailureTime = at,
                LastFailureTime = at,
                ResolvedTime = at,
                ObservedGeneration = 1,
                Conditions = [new DiagnosisCondition { Type = DiagnosisCondition.Diagnosed, Status = "True", Reason = "TagNotFound", Message = "m", LastTransitionTime = at, ObservedGeneration = 1 }],
            },
        };
    }
}
