using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Core.Remediation;

namespace PullDoctor.Core.Tests.Registries;

/// <summary>
/// Real kubelet/runtime messages per registry (origin beside each), classified as <c>pulldoctor explain</c> does, then
/// written up: the cause, and the registry's own fix with the account, region, project and repository filled in.
/// </summary>
public class RegistryAdviceTests
{
    private static readonly RemediationContext Shop = new()
    {
        Namespace = "shop",
        PodName = "web-7c9d-x2x",
        Workload = new WorkloadReference("Deployment", "web"),
        ContainerName = "web",
        ServiceAccountName = "web-sa",
    };

    private static readonly RemediationContext WithSecret = Shop with
    {
        PullSecrets = [new PullSecretStatus("regcred", PullSecretSource.Pod, PullSecretState.Found)],
    };

    private static (CauseCode Cause, Advice Advice) Explain(string message, RemediationContext context, string? image = null)
    {
        var classification = MessageClassifier.Classify(message, "Failed");
        var facts = image is null ? classification.Facts : classification.Facts with { Image = image };
        return (classification.Cause, AdviceWriter.Write(classification.Cause, facts, context));
    }

    private static string Commands(Advice advice) => string.Join("\n", advice.Steps.Select(s => s.Command).OfType<string>());

    private static string Texts(Advice advice) => advice.Explanation + "\n" + string.Join("\n", advice.Steps.Select(s => s.Text));

    [Test]
    public void Ecr_NoCredentialsFromTheNode_PointsAtTheProviderAndTheNodeRole()
    {
        // https://github.com/kubernetes/kubernetes/issues/102750: the ECR credential provider plugin did not start.
        const string message = "Pull image \"820537372947.dkr.ecr.us-east-1.amazonaws.com/cats:v2\" failed: rpc error: code = Unknown desc = failed to pull and unpack image \"820537372947.dkr.ecr.us-east-1.amazonaws.com/cats:v2\": failed to resolve reference \"820537372947.dkr.ecr.us-east-1.amazonaws.com/cats:v2\": unexpected status code [manifests v2]: 401 Unauthorized";

        var (cause, advice) = Explain(message, Shop, "820537372947.dkr.ecr.us-east-1.amazonaws.com/cats:v2");

        Assert.Multiple(() =>
        {
            Assert.That(cause, Is.EqualTo(CauseCode.AuthenticationRequired));
            Assert.That(advice.Summary, Is.EqualTo("820537372947.dkr.ecr.us-east-1.amazonaws.com/cats:v2: ECR (820537372947.dkr.ecr.us-east-1.amazonaws.com) got no credentials from the node."));
            Assert.That(Texts(advice), Does.Contain("ecr-credential-provider").And.Contain("ecr:GetAuthorizationToken").And.Contain("account 820537372947, region us-east-1").And.Contain("not the pod's IRSA"));
            Assert.That(Commands(advice), Does.Contain("aws iam attach-role-policy --role-name <node-instance-role> --policy-arn arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"));
            Assert.That(Commands(advice), Does.Contain("aws ecr describe-repositories --registry-id 820537372947 --region us-east-1 --repository-names cats"));
            Assert.That(Commands(advice), Does.Not.Contain("create secret"), "no hand-made ECR secret: it expires in 12 hours");
        });
    }

    [Test]
    public void Ecr_NodeRoleNotAllowed_NamesThePermissionsAndTheRepositoryPolicy()
    {
        // https://github.com/everything2/everything2 (corpus messages.registries.jsonl): IAM denial, body kept by Docker.
        const string message = "Error response from daemon: pull access denied for 254865750963.dkr.ecr.us-west-2.amazonaws.com/everything2/e2lib, repository does not exist or may require 'docker login': denied: User: arn:aws:sts::254865750963:assumed-role/Docker-Builder-CodeBuild-Role/AWSCodeBuild-749228d3-4d07-4037-bd81-b631b0a0460e is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:us-west-2:254865750963:repository/everything2/e2lib because no identity-based policy allows the ecr:BatchGetImage action";

        var (cause, advice) = Explain(message, Shop, "254865750963.dkr.ecr.us-west-2.amazonaws.com/everything2/e2lib:latest");

        Assert.Multiple(() =>
        {
            Assert.That(cause, Is.EqualTo(CauseCode.AccessDenied));
            Assert.That(Texts(advice), Does.Contain("ecr:BatchGetImage").And.Contain("ecr:GetDownloadUrlForLayer").And.Contain("account (254865750963)"));
            Assert.That(Commands(advice), Does.Contain("aws ecr get-repository-policy --registry-id 254865750963 --region us-west-2 --repository-name everything2/e2lib"));
            Assert.That(Texts(advice), Does.Not.Contain("GHCR").And.Not.Contain("Harbor").And.Not.Contain("Artifact Registry"));
        });
    }

    [Test]
    public void Ecr_HandMadeSecretExpired_RefreshesWithTheRegion()
    {
        // Composed (corpus messages.containerd.jsonl): containerd 2.2 errcode.go format around ECR's body from
        // https://github.com/aws/aws-cli/issues/6580, image from https://github.com/kubernetes/kops/issues/16762.
        const string message = "failed to pull and unpack image \"123456789101.dkr.ecr.ap-southeast-2.amazonaws.com/k8s-example/pause@sha256:7031c1b283388d2c2e09b57badb803c05ebed362dc88d84b480cc47f72a21097\": failed to copy: httpReadSeeker: failed open: unexpected status from GET request to https://123456789101.dkr.ecr.ap-southeast-2.amazonaws.com/v2/k8s-example/pause/manifests/sha256:7031c1b283388d2c2e09b57badb803c05ebed362dc88d84b480cc47f72a21097: 403 Forbidden\ndenied: Your authorization token has expired. Reauthenticate and try again.";

        var (cause, advice) = Explain(message, WithSecret);

        Assert.Multiple(() =>
        {
            Assert.That(cause, Is.EqualTo(CauseCode.CredentialsExpired));
            Assert.That(advice.Explanation, Does.Contain("12 hours").And.Contain("account 123456789101, region ap-southeast-2"));
            Assert.That(advice.Steps[0].Command, Is.EqualTo("kubectl -n shop create secret docker-registry regcred --docker-server=123456789101.dkr.ecr.ap-southeast-2.amazonaws.com --docker-username=AWS --docker-password=\"$(aws ecr get-login-password --region ap-southeast-2)\" --dry-run=client -o yaml | kubectl apply -f -"));
            Assert.That(Texts(advice), Does.Contain("ECR credential provider"));
        });
    }

    [Test]
    public void ArtifactRegistry_DownloadArtifactsDenied_GrantsTheReaderRoleOnTheRepository()
    {
        // https://github.com/terraform-google-modules/terraform-google-kubernetes-engine/issues/1779; the reporter
        // redacted the project id as <PROJECT_ID>, so the image is given with project my-project.
        const string message = "Error response from daemon: Head \"https://europe-west2-docker.pkg.dev/v2/<PROJECT_ID>/ml/app/manifests/4.19.5\": denied: Permission \"artifactregistry.repositories.downloadArtifacts\" denied on resource \"projects/<PROJECT_ID>/locations/europe-west2/repositories/ml\" (or it may not exist)";

        var (cause, advice) = Explain(message, Shop, "europe-west2-docker.pkg.dev/my-project/ml/app:4.19.5");

        Assert.Multiple(() =>
        {
            Assert.That(cause, Is.EqualTo(CauseCode.AccessDenied));
            Assert.That(Commands(advice), Does.Contain("gcloud artifacts repositories add-iam-policy-binding ml --project=my-project --location=europe-west2 --member=serviceAccount:<node-service-account-email> --role=roles/artifactregistry.reader"));
            Assert.That(Texts(advice), Does.Contain("node pool's service account"));
        });
    }

    [Test]
    public void Gcr_ServedByArtifactRegistry_NamesTheGcrIoRepository()
    {
        // https://github.com/GoogleCloudPlatform/buildpacks/issues/454 (go-containerregistry token fetch).
        const string message = "GET https://gcr.io/v2/token?scope=repository%3Abuildpacks%2Fbuilder%3Apull&service=gcr.io: DENIED: Permission \"artifactregistry.repositories.downloadArtifacts\" denied on resource \"projects/buildpacks/locations/us/repositories/gcr.io\" (or it may not exist)";

        var (cause, advice) = Explain(message, Shop, "gcr.io/buildpacks/builder:latest");

        Assert.Multiple(() =>
        {
            Assert.That(cause, Is.EqualTo(CauseCode.AccessDenied));
            Assert.That(Commands(advice), Does.Contain("gcloud artifacts repositories add-iam-policy-binding gcr.io --project=buildpacks --location=us "));
        });
    }

    [Test]
    public void Acr_Unauthorized_AttachesTheRegistryToTheCluster()
    {
        // https://github.com/dotnet/tye/issues/1185 (dockershim, ACR).
        const string message = "Failed to pull image \"containerday2021.azurecr.io/backend:0.10.0-dev\": rpc error: code = Unknown desc = Error response from daemon: Head \"https://containerday2021.azurecr.io/v2/backend/manifests/0.10.0-dev\": unauthorized: authentication required, visit https://aka.ms/acr/authorization for more information.";

        var (cause, advice) = Explain(message, Shop);

        Assert.Multiple(() =>
        {
            Assert.That(cause, Is.EqualTo(CauseCode.AuthenticationRequired));
            Assert.That(advice.Steps[0].Command, Is.EqualTo("az aks update --name <cluster> --resource-group <resource-group> --attach-acr containerday2021"));
            Assert.That(Commands(advice), Does.Contain("az aks check-acr --name <cluster> --resource-group <resource-group> --acr containerday2021.azurecr.io"));
            Assert.That(Texts(advice), Does.Contain("AcrPull").And.Contain("repository or tag does not exist"));
        });
    }

    [Test]
    public void Ghcr_TokenRefusedToTheSecret_AsksForReadPackages()
    {
        // https://github.com/rossoctl/rossoctl/issues/116 (containerd >=1.7, credentials sent to the token endpoint).
        const string message = "Failed to pull image \"ghcr.io/kagenti/kagenti-client-registration:latest\": failed to pull and unpack image \"ghcr.io/kagenti/kagenti-client-registration:latest\": failed to resolve reference \"ghcr.io/kagenti/kagenti-client-registration:latest\": failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Akagenti%2Fkagenti-client-registration%3Apull&service=ghcr.io: 403 Forbidden";

        var (cause, advice) = Explain(message, WithSecret);

        Assert.Multiple(() =>
        {
            Assert.That(cause, Is.EqualTo(CauseCode.AccessDenied));
            Assert.That(Texts(advice), Does.Contain("read:packages"));
            Assert.That(Commands(advice), Does.Contain("--docker-server=ghcr.io --docker-username=<github-user> --docker-password=<personal-access-token>"));
        });
    }

    [Test]
    public void GitLab_AccessForbidden_NamesTheDeployToken()
    {
        // https://github.com/youtous/docker-mailserver-traefik/issues/5
        const string message = "ERROR: Head \"https://registry.gitlab.com/v2/youtous/mailserver-traefik/manifests/latest\": denied: access forbidden";

        var (cause, advice) = Explain(message, Shop, "registry.gitlab.com/youtous/mailserver-traefik:latest");

        Assert.Multiple(() =>
        {
            Assert.That(cause, Is.EqualTo(CauseCode.RepositoryNotFoundOrPrivate));
            Assert.That(Texts(advice), Does.Contain("read_registry"));
        });
    }

    [Test]
    public void KubernetesRegistry_BackendRefusedTheNode_SaysNoCredentialsAreNeeded()
    {
        // https://github.com/berops/claudie/issues/1272 (registry.k8s.io redirected to Artifact Registry, which refused the node's IP).
        const string message = "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox image \"registry.k8s.io/pause:3.9\": failed to pull image \"registry.k8s.io/pause:3.9\": failed to pull and unpack image \"registry.k8s.io/pause:3.9\": failed to resolve reference \"registry.k8s.io/pause:3.9\": unexpected status from HEAD request to https://europe-west3-docker.pkg.dev/v2/k8s-artifacts-prod/images/pause/manifests/3.9: 403 Forbidden";

        var (cause, advice) = Explain(message, Shop, "registry.k8s.io/pause:3.9");

        Assert.Multiple(() =>
        {
            Assert.That(cause, Is.EqualTo(CauseCode.AccessDenied));
            Assert.That(advice.Explanation, Does.Contain("needs no credentials").And.Contain("regional backend"));
            Assert.That(advice.Explanation, Does.Not.Contain("mirror or pull-through cache"), "a redirect of registry.k8s.io is not a mirror");
        });
    }

    [Test]
    public void Mirror_TheNodeAskedAnotherHost_SaysItIsTheMirrorsAnswer()
    {
        // Composed: containerd >=1.6.25 resolver wording ("unexpected status from HEAD request to URL: 403 Forbidden", see
        // https://github.com/aws/aws-lambda-base-images/issues/220) with the URL containerd requests from a hosts.toml
        // mirror (?ns=docker.io, containerd docs/hosts.md) of mirror.gcr.io.
        const string message = "failed to pull and unpack image \"docker.io/library/busybox:latest\": failed to resolve reference \"docker.io/library/busybox:latest\": unexpected status from HEAD request to https://mirror.gcr.io/v2/library/busybox/manifests/latest?ns=docker.io: 403 Forbidden";

        var (_, advice) = Explain(message, Shop, "busybox:latest");

        Assert.That(advice.Explanation, Does.Contain("The node asked mirror.gcr.io, not docker.io: it pulls through a mirror"));
    }

    [Test]
    public void DockerHub_RateLimited_SaysPerIpAndKeysTheSecretForIndexDockerIo()
    {
        var advice = AdviceWriter.Write(CauseCode.RateLimited, new PullFacts { Image = "busybox:latest", HttpStatus = 429 }, Shop);

        Assert.Multiple(() =>
        {
            Assert.That(advice.Explanation, Does.Contain("per source IP address"));
            Assert.That(advice.Steps[0].Command, Does.Contain("--docker-server=https://index.docker.io/v1/ "));
        });
    }

    [Test]
    public void Commands_QuoteWhatTheImageNames()
    {
        // A hostile namespace never reaches a command (AdviceInput drops it); values that pass are quoted where needed.
        var advice = AdviceWriter.Write(
            CauseCode.CredentialsExpired,
            new PullFacts { Image = "820537372947.dkr.ecr.us-east-1.amazonaws.com/cats:v2" },
            WithSecret with { Namespace = "shop;rm -rf /" });

        Assert.That(advice.Steps[0].Command, Does.StartWith("kubectl -n <namespace> create secret docker-registry regcred --docker-server=820537372947.dkr.ecr.us-east-1.amazonaws.com "));
    }

    [Test]
    public void Ecr_SecretsNotRead_OffersNoNodePathFix()
    {
        // Reading secrets is off: a pull secret may apply, so "the node sent no credentials" is not claimed.
        var advice = AdviceWriter.Write(
            CauseCode.AuthenticationRequired,
            new PullFacts { Image = "820537372947.dkr.ecr.us-east-1.amazonaws.com/cats:v2", HttpStatus = 401 },
            Shop with { PullSecretsUnknown = true });

        Assert.That(advice.Explanation, Does.Not.Contain("No pull secret applies"));
    }

    [Test]
    public void EcrPublic_DataLimitExceeded_SaysAnonymousPullsAreLimitedPerIp_AndHowToAuthenticate()
    {
        // https://github.com/tenstorrent/tt-metal/pull/27457 (containerd 2.x joins the registry's body with a newline).
        const string message = "ERROR: failed to copy: httpReadSeeker: failed open: unexpected status from GET request to https://public.ecr.aws/v2/ubuntu/ubuntu/manifests/sha256:4308681229e935f06b70ccf05d00417d24f01632bd0cc643a4b75fa5f2456902: 429 Too Many Requests\ntoomanyrequests: Data limit exceeded";

        var (cause, advice) = Explain(message, Shop, "public.ecr.aws/ubuntu/ubuntu:24.04");

        Assert.Multiple(() =>
        {
            Assert.That(cause, Is.EqualTo(CauseCode.RateLimited));
            Assert.That(advice.Explanation, Does.Contain("ECR Public limits anonymous pulls per source IP address"));
            Assert.That(Commands(advice), Does.Contain("aws ecr-public get-login-password --region us-east-1"));
        });
    }

    [TestCase("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.25.9", "account 123456789012, region eu-west-1", "aws service-quotas list-service-quotas --service-code ecr --region eu-west-1")]
    [TestCase("shopacr.azurecr.io/team/app:1.25.9", "ACR shopacr limits read operations per minute", "az acr show --name shopacr --query sku.name")]
    [TestCase("europe-west1-docker.pkg.dev/shop-prod/team/app:1.25.9", "project shop-prod, location europe-west1", null)]
    public void CloudRegistry_RateLimited_IsAQuotaOfTheAccount_NotAnonymousPulls(string image, string explained, string? command)
    {
        // The 429 as containerd 2.x prints it (the tt-metal row above), on the registry's own host: these registries
        // throttle per account or tier, so "authenticate for a higher limit" (Docker Hub's remedy) would not help.
        var host = image[..image.IndexOf('/', StringComparison.Ordinal)];
        var message = $"failed to pull and unpack image \"{image}\": failed to copy: httpReadSeeker: failed open: unexpected status from GET request to https://{host}/v2/team/app/manifests/1.25.9: 429 Too Many Requests";

        var (cause, advice) = Explain(message, WithSecret, image);

        Assert.Multiple(() =>
        {
            Assert.That(cause, Is.EqualTo(CauseCode.RateLimited));
            Assert.That(advice.Explanation, Does.Contain(explained).And.Contain("Credentials do not raise it."));
            Assert.That(Commands(advice), Does.Not.Contain("create secret"));
            Assert.That(Texts(advice), Does.Not.Contain("Authenticate the pulls"));
            if (command is not null)
            {
                Assert.That(Commands(advice), Does.Contain(command));
            }
        });
    }

    [Test]
    public void DockerHub_RateLimited_WithAPullSecretInUse_SaysTheAccountsLimit_NoNewSecret()
    {
        // https://github.com/Kubeinit/kubeinit/issues/617 (podman; corpus row); the pod already pulls with regcred.
        const string message = "initializing source docker://ubuntu:focal: reading manifest focal in docker.io/library/ubuntu: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit";

        var (cause, advice) = Explain(message, WithSecret, "ubuntu:focal");

        Assert.Multiple(() =>
        {
            Assert.That(cause, Is.EqualTo(CauseCode.RateLimited));
            Assert.That(Texts(advice), Does.Contain("already authenticate with pull secret regcred"));
            Assert.That(Commands(advice), Does.Not.Contain("create secret"));
        });
    }

    [Test]
    public void Quay_Bare401_IsMissingOrPrivate_SaysBothAndHowToTell()
    {
        // yugabyte/yugabyte-db docs/content/preview/yugabyte-platform/troubleshoot/install-upgrade-issues/kubernetes.md
        // (kubelet Event; containerd drops Quay's UNAUTHORIZED body, the private repository needed a pull secret).
        const string message = "Failed to pull image \"quay.io/yugabyte/yugaware:2.16.0.0-b90\": rpc error: code = Unknown desc = failed to pull and unpack image \"quay.io/yugabyte/yugaware:2.16.0.0-b90\": failed to resolve reference \"quay.io/yugabyte/yugaware:2.16.0.0-b90\": pulling from host quay.io failed with status code [manifests 2.16.0.0-b90]: 401 UNAUTHORIZED";

        var (cause, advice) = Explain(message, Shop);

        Assert.Multiple(() =>
        {
            Assert.That(cause, Is.EqualTo(CauseCode.RepositoryNotFoundOrPrivate));
            Assert.That(advice.Explanation, Does.Contain("alike for a repository that does not exist and for a private one").And.Contain("To tell which"));
            Assert.That(Commands(advice), Does.Contain("skopeo list-tags --creds '<organization>+<robot>:<robot-token>' docker://quay.io/yugabyte/yugaware"));
            Assert.That(Commands(advice), Does.Contain("kubectl -n shop create secret docker-registry regcred --docker-server=quay.io --docker-username='<organization>+<robot>'"));
        });
    }

    [Test]
    public void Quay_Bare401_WithAPullSecret_SaysMissingOrNoReadPermission()
    {
        // Same Quay answer, but the pod pulls with regcred: the robot may lack read permission, or the name is wrong.
        const string message = "Failed to run bundle: pull bundle image: error pulling image quay.io/community-operators-pipeline/hazelcast-platform-operator:v5.2.0: error resolving name : unexpected status code [manifests v5.2.0]: 401 UNAUTHORIZED";

        var (cause, advice) = Explain(message, WithSecret, "quay.io/community-operators-pipeline/hazelcast-platform-operator:v5.2.0");

        Assert.Multiple(() =>
        {
            Assert.That(cause, Is.EqualTo(CauseCode.RepositoryNotFoundOrPrivate));
            Assert.That(advice.Explanation, Does.Contain("pull secret regcred may not read"));
            Assert.That(Commands(advice), Does.Contain("https://quay.io/api/v1/repository/community-operators-pipeline/hazelcast-platform-operator/permissions/user/'<organization>+<robot>'"));
            Assert.That(Commands(advice), Does.Not.Contain("create secret"));
        });
    }

    [Test]
    public void Quay_2016AuthenticationRequiredBody_StaysAuthenticationRequired()
    {
        // https://github.com/docker/hub-feedback/issues/853 (corpus row): Quay's table counts only a stated 401 as
        // "missing or private"; this body says what it means.
        var (cause, _) = Explain("ERROR: web-1: Get https://quay.io/v2/keyscores/wire/manifests/latest: unauthorized: authentication required", Shop);

        Assert.That(cause, Is.EqualTo(CauseCode.AuthenticationRequired));
    }

    [Test]
    public void Acr_TagNotFound_ListsTheTagsWithTheRegistryName_AndKeepsTheImageEdit()
    {
        // https://github.com/Azure/azure-functions-on-container-apps/issues/55 (corpus row).
        const string message = "Error response from daemon: manifest for azurefunctionstest.azurecr.io/azure-functions/dotnet7-quickstart-demo:1.0 not found: manifest unknown: manifest tagged by \"1.0\" is not found";

        var (cause, advice) = Explain(message, Shop);

        Assert.Multiple(() =>
        {
            Assert.That(cause, Is.EqualTo(CauseCode.TagNotFound));
            Assert.That(advice.Steps[0].Command, Is.EqualTo("az acr repository show-tags --name azurefunctionstest --repository azure-functions/dotnet7-quickstart-demo --output table"));
            Assert.That(Texts(advice), Does.Contain("ACR azurefunctionstest has the repository azure-functions/dotnet7-quickstart-demo but no tag 1.0"));
            Assert.That(Commands(advice), Does.Contain("kubectl -n shop set image"), "the generic image edit follows the ACR check");
        });
    }

    [Test]
    public void Acr_ContainerdNotFound_ChecksRepositoryAndTag()
    {
        // https://github.com/MicrosoftDocs/azure-docs/issues/100905 (corpus row; the repository was never created).
        const string message = "Failed to pull image \"cicdacrak.azurecr.io/default:3\": [rpc error: code = NotFound desc = failed to pull and unpack image \"cicdacrak.azurecr.io/default:3\": failed to resolve reference \"cicdacrak.azurecr.io/default:3\": cicdacrak.azurecr.io/default:3: not found, rpc error: code = Unknown desc = failed to pull and unpack image \"cicdacrak.azurecr.io/default:3\": failed to resolve reference \"cicdacrak.azurecr.io/default:3\": failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized]";

        var (cause, advice) = Explain(message, Shop);

        Assert.Multiple(() =>
        {
            Assert.That(cause, Is.EqualTo(CauseCode.ImageNotFound));
            Assert.That(Commands(advice), Does.Contain("az acr repository show-tags --name cicdacrak --repository default --output table"));
            Assert.That(Commands(advice), Does.Contain("az acr repository list --name cicdacrak --output table"));
            Assert.That(Texts(advice), Does.Contain("azureacr.io"));
        });
    }

    [Test]
    public void Ecr_NameUnknown_ChecksTheRepositoryInTheAccountAndRegion_AndThePullThroughRules()
    {
        // ECR's NAME_UNKNOWN body (https://github.com/fabric8io/docker-maven-plugin/issues/369, corpus row) for an image
        // in account 295240448163; the region is the image's.
        const string message = "[ERROR] DOCKER> name unknown: The repository with name 'tomcat' does not exist in the registry with id '295240448163' (Internal Server Error: 500)";

        var (cause, advice) = Explain(message, Shop, "295240448163.dkr.ecr.eu-central-1.amazonaws.com/tomcat:9");

        Assert.Multiple(() =>
        {
            Assert.That(cause, Is.EqualTo(CauseCode.RepositoryNotFound));
            Assert.That(advice.Steps[0].Command, Is.EqualTo("aws ecr describe-repositories --region eu-central-1 --registry-id 295240448163 --repository-names tomcat"));
            Assert.That(Commands(advice), Does.Contain("aws ecr describe-pull-through-cache-rules --region eu-central-1 --registry-id 295240448163"));
            Assert.That(Texts(advice), Does.Contain("account 295240448163, region eu-central-1").And.Contain("pull-through cache"));
        });
    }

    [Test]
    public void Ecr_RequestedImageNotFound_ChecksTheTag()
    {
        // Composed: Docker's wording around ECR's MANIFEST_UNKNOWN body (corpus row, apache/airflow fixture) for an image on an
        // ECR pull-through cache path (<prefix>/<upstream repository>).
        const string message = "rpc error: code = Unknown desc = Error response from daemon: manifest for 123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub/library/nginx:1.27.9 not found: manifest unknown: Requested image not found";

        var (cause, advice) = Explain(message, Shop, "123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub/library/nginx:1.27.9");

        Assert.Multiple(() =>
        {
            Assert.That(cause, Is.EqualTo(CauseCode.TagNotFound));
            Assert.That(advice.Steps[0].Command, Is.EqualTo("aws ecr describe-images --region us-east-1 --registry-id 123456789012 --repository-name docker-hub/library/nginx --image-ids imageTag=1.27.9"));
            Assert.That(Commands(advice), Does.Contain("aws ecr list-images --region us-east-1 --registry-id 123456789012 --repository-name docker-hub/library/nginx"));
        });
    }
}
