using System.Text.Json;
using PullDoctor.Tests.Support;

namespace PullDoctor.Tests.Explain;

/// <summary>`pulldoctor explain` on real cloud-registry messages (origin beside each): the registry's own fix, with its parts.</summary>
public class ExplainCloudRegistriesTests
{
    [Test]
    public async Task Explain_CloudRegistryMessages_GiveEachRegistrysOwnFix()
    {
        string[] lines =
        [
            // https://github.com/kubernetes/kubernetes/issues/102750 (runtime error), in the kubelet's "Failed to pull image" Event form.
            "Failed to pull image \"820537372947.dkr.ecr.us-east-1.amazonaws.com/cats:v2\": rpc error: code = Unknown desc = failed to pull and unpack image \"820537372947.dkr.ecr.us-east-1.amazonaws.com/cats:v2\": failed to resolve reference \"820537372947.dkr.ecr.us-east-1.amazonaws.com/cats:v2\": unexpected status code [manifests v2]: 401 Unauthorized",
            // https://github.com/dotnet/tye/issues/1185
            "Failed to pull image \"containerday2021.azurecr.io/backend:0.10.0-dev\": rpc error: code = Unknown desc = Error response from daemon: Head \"https://containerday2021.azurecr.io/v2/backend/manifests/0.10.0-dev\": unauthorized: authentication required, visit https://aka.ms/acr/authorization for more information.",
            // https://github.com/rossoctl/rossoctl/issues/116
            "Failed to pull image \"ghcr.io/kagenti/kagenti-client-registration:latest\": failed to pull and unpack image \"ghcr.io/kagenti/kagenti-client-registration:latest\": failed to resolve reference \"ghcr.io/kagenti/kagenti-client-registration:latest\": failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Akagenti%2Fkagenti-client-registration%3Apull&service=ghcr.io: 403 Forbidden",
            // yugabyte/yugabyte-db docs/content/preview/yugabyte-platform/troubleshoot/install-upgrade-issues/kubernetes.md
            "Failed to pull image \"quay.io/yugabyte/yugaware:2.16.0.0-b90\": rpc error: code = Unknown desc = failed to pull and unpack image \"quay.io/yugabyte/yugaware:2.16.0.0-b90\": failed to resolve reference \"quay.io/yugabyte/yugaware:2.16.0.0-b90\": pulling from host quay.io failed with status code [manifests 2.16.0.0-b90]: 401 UNAUTHORIZED",
            // https://github.com/MicrosoftDocs/azure-docs/issues/100905 (the ACR repository was never created)
            "Failed to pull image \"cicdacrak.azurecr.io/default:3\": [rpc error: code = NotFound desc = failed to pull and unpack image \"cicdacrak.azurecr.io/default:3\": failed to resolve reference \"cicdacrak.azurecr.io/default:3\": cicdacrak.azurecr.io/default:3: not found, rpc error: code = Unknown desc = failed to pull and unpack image \"cicdacrak.azurecr.io/default:3\": failed to resolve reference \"cicdacrak.azurecr.io/default:3\": failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized]",
            // https://github.com/aws-samples/amazon-eks-cdk-blue-green-cicd/issues/24 is ECR Public; this is ECR's NAME_UNKNOWN
            // body as the fabric8io/docker-maven-plugin#369 row has it, in Docker's "repository X not found" wrapper (composed).
            "Failed to pull image \"295240448163.dkr.ecr.eu-central-1.amazonaws.com/tomcat:9\": rpc error: code = Unknown desc = Error response from daemon: repository 295240448163.dkr.ecr.eu-central-1.amazonaws.com/tomcat not found: name unknown: The repository with name 'tomcat' does not exist in the registry with id '295240448163'",
        ];

        var result = await PullDoctorProcess.RunAsync(["explain", "-o", "json"], string.Join('\n', lines) + "\n");

        var objects = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        string Commands(int i) => string.Join("\n", objects[i].GetProperty("remediation").EnumerateArray()
            .Select(s => s.TryGetProperty("command", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null).OfType<string>());
        Assert.Multiple(() =>
        {
            Assert.That(objects.Select(o => o.GetProperty("cause").GetString()), Is.EqualTo(new[] { "AuthenticationRequired", "AuthenticationRequired", "AccessDenied", "RepositoryNotFoundOrPrivate", "ImageNotFound", "RepositoryNotFound" }));
            Assert.That(Commands(0), Does.Contain("aws ecr describe-repositories --registry-id 820537372947 --region us-east-1 --repository-names cats"));
            Assert.That(Commands(1), Does.Contain("az aks update --name <cluster> --resource-group <resource-group> --attach-acr containerday2021"));
            Assert.That(objects[2].GetProperty("explanation").GetString(), Does.Contain("read:packages"));
            Assert.That(objects[3].GetProperty("explanation").GetString(), Does.Contain("Quay answers 401 UNAUTHORIZED").And.Contain("To tell which"));
            Assert.That(Commands(4), Does.Contain("az acr repository show-tags --name cicdacrak --repository default --output table"));
            Assert.That(Commands(5), Does.Contain("aws ecr describe-repositories --region eu-central-1 --registry-id 295240448163 --repository-names tomcat"));
            Assert.That(Commands(3), Does.Contain("skopeo list-tags --creds '<organization>+<robot>:<robot-token>' docker://quay.io/yugabyte/yugaware"));
        });
    }
}
