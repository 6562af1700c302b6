using PullDoctor.Core.Causes;

namespace PullDoctor.Core.Registries;

/// <summary>
/// The registry tables. Each wording and challenge names where it was recorded; commands are templates filled by
/// <see cref="Remediation.AdviceWriter"/> with grammar-checked, shell-quoted values (placeholders otherwise).
/// </summary>
internal static class RegistryTables
{
    private const string EcrRetryNote = "Pulls by the kubelet use the node's IAM role (the instance profile of the node group), not the pod's IRSA or Pod Identity role.";

    public static readonly IReadOnlyList<RegistryProfile> All =
    [
        new()
        {
            Kind = RegistryKind.Ecr,
            Name = "Amazon ECR",
            HostForms = ["<account>.dkr.ecr.<region>.amazonaws.com", "<account>.dkr.ecr-fips.<region>.amazonaws.com", "<account>.dkr.ecr.<region>.amazonaws.com.cn", "<account>.dkr-ecr.<region>.on.aws"],
            Challenges =
            [
                new("Basic", "*.dkr.ecr.*.amazonaws.com", "/", "ecr.amazonaws.com", "https://github.com/mayflower/docker-ls/issues/28 (curl of https://111111111111.dkr.ecr.us-east-1.amazonaws.com/v2/: Basic realm=\"https://111111111111.dkr.ecr.us-east-1.amazonaws.com/\",service=\"ecr.amazonaws.com\")"),
                new("Basic", null, null, "ecr.amazonaws.com", "same challenge, realm on another partition's domain"),
            ],
            Auth = NodeAuth.CredentialProvider | NodeAuth.NodeIdentity | NodeAuth.PullSecret,
            NodeCredentials = "the kubelet's ECR credential provider (ecr-credential-provider, configured by --image-credential-provider-config), using the node's IAM role",
            Errors =
            [
                new("no basic auth credentials", CauseCode.AuthenticationRequired, "https://github.com/aws/amazon-vpc-cni-k8s/issues/1117; https://github.com/kubernetes/kubernetes/issues/102750 (provider plugin not started: bare 401)"),
                new("denied: Your authorization token has expired. Reauthenticate and try again.", CauseCode.CredentialsExpired, "https://github.com/aws/aws-cli/issues/6580"),
                new("is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:<region>:<account>:repository/<name>", CauseCode.AccessDenied, "https://github.com/everything2/everything2 (corpus messages.registries.jsonl)"),
                new("401 Unauthorized: Not Authorized", CauseCode.AuthenticationRequired, "https://github.com/enix/kube-image-keeper/issues/172 (go-containerregistry, anonymous GET of an ECR manifest)"),
                new("name unknown: The repository with name '<repository>' does not exist in the registry with id '<account>'", CauseCode.RepositoryNotFound, "https://github.com/fabric8io/docker-maven-plugin/issues/369; https://github.com/aws-samples/amazon-eks-cdk-blue-green-cicd/issues/24 (ECR Public, docker pull)"),
                new("manifest unknown: Requested image not found", CauseCode.TagNotFound, "corpus messages.jsonl (apache/airflow fixture); ECR answers NAME_UNKNOWN for a missing repository, so this is a missing tag or digest"),
            ],
            Fixes =
            [
                new(CauseCode.AuthenticationRequired, AuthPath.Node,
                    "{image}: ECR ({host}) got no credentials from the node.",
                    "ECR never serves images anonymously. No pull secret applies, so the credentials must come from the kubelet's ECR credential provider (ecr-credential-provider, --image-credential-provider-config, matchImages such as \"*.dkr.ecr.*.amazonaws.com\") using the node's IAM role; it supplied none: the provider is not configured for this host, failed to start, or the role could not get a token (ecr:GetAuthorizationToken). The image is in account {account}, region {region}.",
                    [
                        new("On the node, check that the kubelet runs with --image-credential-provider-config and that the provider's matchImages cover {host}; its errors are in the kubelet's log:", "journalctl -u kubelet --since -1h | grep -i credential"),
                        new("Give the node's IAM role the pull permissions (ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer), e.g. with the AWS managed read-only policy. " + EcrRetryNote, "aws iam attach-role-policy --role-name <node-instance-role> --policy-arn arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"),
                        new("Check the repository exists in that account and region:", "aws ecr describe-repositories --registry-id {account} --region {region} --repository-names {repository}"),
                    ]),
                new(CauseCode.AccessDenied, AuthPath.Node,
                    null,
                    "ECR accepted the node's IAM identity and refused the pull of {repository}: the node role lacks ecr:BatchGetImage / ecr:GetDownloadUrlForLayer, or the repository is in another account ({account}) whose repository policy does not allow the node role. " + EcrRetryNote,
                    [
                        new("Give the node's IAM role the pull permissions:", "aws iam attach-role-policy --role-name <node-instance-role> --policy-arn arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"),
                        new("For a pull from another account, the repository policy in account {account} must allow the node role's ARN ecr:BatchGetImage and ecr:GetDownloadUrlForLayer; see the current policy:", "aws ecr get-repository-policy --registry-id {account} --region {region} --repository-name {repository}"),
                    ]),
                new(CauseCode.AccessDenied, AuthPath.PullSecret,
                    null,
                    "The token in pull secret {secret} belongs to an IAM identity that may not pull {repository} in account {account}, region {region}.",
                    [
                        new("Allow that identity ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on the repository (and, across accounts, in the repository policy); see the current repository policy:", "aws ecr get-repository-policy --registry-id {account} --region {region} --repository-name {repository}"),
                    ]),
                new(CauseCode.CredentialsExpired, AuthPath.Any,
                    "{image}: the ECR token for {host} has expired.",
                    "ECR authorization tokens (aws ecr get-login-password) are valid for 12 hours; a pull secret made by hand from one stops working when it expires. The registry is account {account}, region {region}.",
                    [
                        new("Refresh the secret {secret} now (run where the AWS CLI has credentials for account {account}):", "kubectl -n {namespace} create secret docker-registry {secret} --docker-server={host} --docker-username=AWS --docker-password=\"$(aws ecr get-login-password --region {region})\" --dry-run=client -o yaml | kubectl apply -f -"),
                        new("For good: remove the secret from the pod (or service account) and let the kubelet's ECR credential provider use the node's IAM role, which refreshes the token itself; or refresh the secret on a schedule (CronJob) well within 12 hours."),
                    ]),
                new(CauseCode.AuthenticationFailed, AuthPath.PullSecret,
                    null,
                    "ECR rejected the credentials in pull secret {secret}: its user name must be AWS and its password a token from aws ecr get-login-password for region {region}.",
                    [
                        new("Recreate the secret {secret} with a fresh token:", "kubectl -n {namespace} create secret docker-registry {secret} --docker-server={host} --docker-username=AWS --docker-password=\"$(aws ecr get-login-password --region {region})\" --dry-run=client -o yaml | kubectl apply -f -"),
                    ]),

                // Not found on ECR: the repository is named by account and region; a pull-through cache repository
                // (<prefix>/<upstream repository>) is created on its first pull, and only where a rule for the prefix exists
                // (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html). Commands: aws ecr
                // describe-repositories / describe-images / list-images / describe-pull-through-cache-rules (AWS CLI reference).
                new(CauseCode.RepositoryNotFound, AuthPath.Any,
                    null,
                    "ECR names the repository it could not find in account {account}, region {region}: {repository} does not exist there. The name, the account or the region in the image is wrong, or nothing was ever pushed to it. If {repository} is a pull-through cache path (<prefix>/<upstream repository>), ECR creates it on the first pull only when a pull-through cache rule for that prefix exists in this account and region, and the upstream image exists.",
                    [
                        new("Check the repository in that account and region (an error RepositoryNotFoundException confirms it is missing):", "aws ecr describe-repositories --region {region} --registry-id {account} --repository-names {repository}"),
                        new("If it is a pull-through cache path, list the rules and check one has the image's first path segment as its prefix:", "aws ecr describe-pull-through-cache-rules --region {region} --registry-id {account}"),
                    ],
                    KeepsGenericSteps: true),
                new(CauseCode.TagNotFound, AuthPath.Any,
                    null,
                    "ECR found the repository {repository} in account {account}, region {region} (a missing repository is \"name unknown\"), but it has no image tagged {tag}: the tag was never pushed, was deleted or expired by a lifecycle policy.",
                    [
                        new("Check the tag (ImageNotFoundException means it is not there):", "aws ecr describe-images --region {region} --registry-id {account} --repository-name {repository} --image-ids imageTag={tag}"),
                        new("The repository's images:", "aws ecr list-images --region {region} --registry-id {account} --repository-name {repository}"),
                    ],
                    KeepsGenericSteps: true),
                new(CauseCode.ImageNotFound, AuthPath.Any,
                    null,
                    "On ECR the repository {repository} (account {account}, region {region}) or its tag is missing; the runtime's \"not found\" does not say which. A pull-through cache path (<prefix>/<upstream repository>) is also not found when no rule for its prefix exists or the upstream registry has no such image.",
                    [
                        new("Check the repository:", "aws ecr describe-repositories --region {region} --registry-id {account} --repository-names {repository}"),
                        new("Check the tag in it:", "aws ecr describe-images --region {region} --registry-id {account} --repository-name {repository} --image-ids imageTag={tag}"),
                        new("For a pull-through cache path, the rules of the account and region:", "aws ecr describe-pull-through-cache-rules --region {region} --registry-id {account}"),
                    ],
                    KeepsGenericSteps: true),

                // https://docs.aws.amazon.com/AmazonECR/latest/userguide/common-errors.html ("HTTP 429: Too Many Requests or
                // ThrottleException"): each ECR API has a rate per account and region; pulling as another user does not raise it.
                new(CauseCode.RateLimited, AuthPath.Any,
                    null,
                    "ECR throttles each API (GetAuthorizationToken, BatchGetImage, GetDownloadUrlForLayer) per account and region, here account {account}, region {region}: many nodes pulling at once (a large rollout, a node group scaling up) exceed it. Credentials do not raise it.",
                    [
                        new("See the account's ECR quotas in the region (the rates of BatchGetImage and GetDownloadUrlForLayer are adjustable; request an increase in Service Quotas):", "aws service-quotas list-service-quotas --service-code ecr --region {region}"),
                        new("Spread the pulls: roll out in smaller steps (maxSurge), keep imagePullPolicy IfNotPresent with pinned tags, or replicate the image to the nodes' region."),
                    ]),
            ],
            Origin = "host grammar: kubernetes/cloud-provider-aws cmd/ecr-credential-provider/main.go (ecrPrivateHostPattern); permissions: https://github.com/coreos/coreos-kubernetes/issues/381, https://github.com/kubernetes/website/pull/379",
        },
        new()
        {
            Kind = RegistryKind.EcrPublic,
            Name = "Amazon ECR Public",
            HostForms = ["public.ecr.aws"],
            Challenges = [new("Bearer", "public.ecr.aws", "/token/", "public.ecr.aws", "Bearer realm=\"https://public.ecr.aws/token/\",service=\"public.ecr.aws\",scope=\"aws\" as recorded in public client tests (find_string corpus, e.g. oras-py/go-containerregistry challenge fixtures)")],
            Auth = NodeAuth.Anonymous | NodeAuth.PullSecret,
            Errors = [new("unexpected status from HEAD request to https://public.ecr.aws/v2/<repo>/manifests/<tag>: 403 Forbidden", CauseCode.AccessDenied, "https://github.com/aws/aws-lambda-base-images/issues/220")],
            Fixes =
            [
                new(CauseCode.AccessDenied, AuthPath.Any,
                    null,
                    "public.ecr.aws serves public images anonymously; a 403 there means the repository is gone or not public, or stale credentials for public.ecr.aws were sent (an old token is refused, not ignored).",
                    [
                        new("Remove any pull secret or node credential for public.ecr.aws, or refresh it (ECR Public tokens are issued in us-east-1 only):", "aws ecr-public get-login-password --region us-east-1"),
                        new("Check the repository and tag in the ECR Public Gallery (https://gallery.ecr.aws/)."),
                    ]),

                // https://docs.aws.amazon.com/AmazonECR/latest/public/public-service-quotas.html: anonymous pulls are limited
                // per source IP (rate, and 500 GB of data a month); pulls authenticated with an AWS account get higher limits.
                new(CauseCode.RateLimited, AuthPath.Any,
                    null,
                    "ECR Public limits anonymous pulls per source IP address (pulls per second, and data per month: \"Data limit exceeded\"); every node behind the same NAT shares that limit. Pulls authenticated with an AWS account get higher limits.",
                    [
                        new("Pull authenticated (tokens for public.ecr.aws are issued in us-east-1 and last 12 hours; the kubelet's ECR credential provider can refresh them), or copy the image into a private ECR repository or a pull-through cache rule for public.ecr.aws:", "aws ecr-public get-login-password --region us-east-1"),
                    ]),
            ],
            Origin = "kubernetes/cloud-provider-aws cmd/ecr-credential-provider/main.go (ecrPublicHost, ecrPublicRegion us-east-1)",
        },
        new()
        {
            Kind = RegistryKind.ArtifactRegistry,
            Name = "Google Artifact Registry",
            HostForms = ["<location>-docker.pkg.dev/<project>/<repository>/<image>"],
            Challenges = [new("Bearer", "*-docker.pkg.dev", "/v2/token", "*-docker.pkg.dev", "https://github.com/GoogleContainerTools/skaffold/issues/6743 (token URL https://REGION-docker.pkg.dev/v2/token?scope=…&service=REGION-docker.pkg.dev)")],
            Auth = NodeAuth.NodeIdentity | NodeAuth.CredentialProvider | NodeAuth.PullSecret,
            NodeCredentials = "the node's service account (GKE: from the metadata server; elsewhere the GCP credential provider)",
            Errors = [new("denied: Permission \"artifactregistry.repositories.downloadArtifacts\" denied on resource \"projects/<project>/locations/<location>/repositories/<repository>\" (or it may not exist)", CauseCode.AccessDenied, "https://github.com/terraform-google-modules/terraform-google-kubernetes-engine/issues/1779")],
            Fixes =
            [
                new(CauseCode.AccessDenied, AuthPath.Node,
                    null,
                    "Artifact Registry refused the node's service account the permission artifactregistry.repositories.downloadArtifacts on repository {repo} of project {project} in {location}; it says the same when the repository does not exist. Nodes pull with the node pool's service account, which needs roles/artifactregistry.reader (and, on GKE, an access scope that allows storage reads or cloud-platform).",
                    [
                        new("Find the node pool's service account:", "gcloud container node-pools describe <node-pool> --cluster=<cluster> --location=<cluster-location> --format='value(config.serviceAccount)'"),
                        new("Grant it read access to the repository:", "gcloud artifacts repositories add-iam-policy-binding {repo} --project={project} --location={location} --member=serviceAccount:<node-service-account-email> --role=roles/artifactregistry.reader"),
                        new("Check the repository exists where the image says:", "gcloud artifacts repositories describe {repo} --project={project} --location={location}"),
                    ]),
                new(CauseCode.AccessDenied, AuthPath.PullSecret,
                    null,
                    "Artifact Registry refused the identity in pull secret {secret} the permission artifactregistry.repositories.downloadArtifacts on repository {repo} of project {project} in {location} (or the repository does not exist).",
                    [
                        new("Grant that service account read access:", "gcloud artifacts repositories add-iam-policy-binding {repo} --project={project} --location={location} --member=serviceAccount:<service-account-email> --role=roles/artifactregistry.reader"),
                    ]),
                new(CauseCode.AuthenticationRequired, AuthPath.Node,
                    "{image}: Artifact Registry ({host}) got no credentials from the node.",
                    "No pull secret applies, so the node must authenticate with its own service account: on GKE the kubelet gets a token from the metadata server; outside GKE a GCP credential provider or a pull secret is needed. None was sent.",
                    [
                        new("Outside GKE, create a pull secret from a service account key with roles/artifactregistry.reader (user name _json_key):", "kubectl -n {namespace} create secret docker-registry {secret} --docker-server={host} --docker-username=_json_key --docker-password=\"$(cat key.json)\" --dry-run=client -o yaml | kubectl apply -f -"),
                    ]),
                new(CauseCode.CredentialsExpired, AuthPath.Any,
                    null,
                    "An OAuth access token (user name oauth2accesstoken) lasts one hour; a pull secret holding one stops working.",
                    [
                        new("Use a service account key (user name _json_key) or the node's service account instead of an access token:", "kubectl -n {namespace} create secret docker-registry {secret} --docker-server={host} --docker-username=_json_key --docker-password=\"$(cat key.json)\" --dry-run=client -o yaml | kubectl apply -f -"),
                    ]),

                // https://cloud.google.com/artifact-registry/quotas: requests are limited per project and region.
                new(CauseCode.RateLimited, AuthPath.Any,
                    null,
                    "Artifact Registry limits requests per project and region (project {project}, location {location}); many nodes pulling at once exceed it. Credentials do not raise it.",
                    [
                        new("See the quota of artifactregistry.googleapis.com for project {project} in the console (IAM & Admin > Quotas) and request an increase, or spread the pulls: roll out in smaller steps, keep imagePullPolicy IfNotPresent with pinned tags."),
                    ]),
            ],
            Origin = "https://cloud.google.com/artifact-registry/docs/docker/authentication; corpus row terraform-google-kubernetes-engine#1779",
        },
        new()
        {
            Kind = RegistryKind.GoogleContainerRegistry,
            Name = "Google Container Registry (gcr.io, served by Artifact Registry)",
            HostForms = ["gcr.io", "us.gcr.io", "eu.gcr.io", "asia.gcr.io"],
            Challenges =
            [
                new("Bearer", "gcr.io", "/v2/token", null, "Bearer realm=\"https://gcr.io/v2/token\",service=gcr.io (unquoted service) as recorded in public client tests (find_string corpus)"),
                new("Bearer", "*.gcr.io", "/v2/token", null, "the same challenge on the regional hosts"),
            ],
            Auth = NodeAuth.NodeIdentity | NodeAuth.CredentialProvider | NodeAuth.PullSecret,
            NodeCredentials = "the node's service account (GKE: from the metadata server)",
            Errors = [new("DENIED: Permission \"artifactregistry.repositories.downloadArtifacts\" denied on resource \"projects/<project>/locations/us/repositories/gcr.io\" (or it may not exist)", CauseCode.AccessDenied, "https://github.com/GoogleCloudPlatform/buildpacks/issues/454")],
            Fixes =
            [
                new(CauseCode.AccessDenied, AuthPath.Any,
                    null,
                    "{host} is served by the Artifact Registry repository {repo} of project {project} in {location}; the identity that pulled (the node's service account, or the one in the pull secret) lacks roles/artifactregistry.reader on it, or the project has no such repository.",
                    [
                        new("Grant read access on the gcr.io repository:", "gcloud artifacts repositories add-iam-policy-binding {repo} --project={project} --location={location} --member=serviceAccount:<service-account-email> --role=roles/artifactregistry.reader"),
                    ]),
            ],
            Origin = "https://cloud.google.com/artifact-registry/docs/transition/gcr-repositories; corpus row GoogleCloudPlatform/buildpacks#454",
        },
        new()
        {
            Kind = RegistryKind.Acr,
            Name = "Azure Container Registry",
            HostForms = ["<name>.azurecr.io", "<name>.azurecr.cn", "<name>.azurecr.us"],
            Challenges = [new("Bearer", "*.azurecr.io", "/oauth2/token", "*.azurecr.io", "https://learn.microsoft.com/azure/container-registry/container-registry-authentication (Bearer realm=\"https://{registryName}.azurecr.io/oauth2/token\",service=\"{registryName}.azurecr.io\"), also recorded in Azure SDK test recordings")],
            Auth = NodeAuth.NodeIdentity | NodeAuth.CredentialProvider | NodeAuth.PullSecret,
            NodeCredentials = "the AKS kubelet identity (a managed identity that needs AcrPull on the registry)",
            Errors =
            [
                new("unauthorized: authentication required, visit https://aka.ms/acr/authorization for more information.", CauseCode.AuthenticationRequired, "https://github.com/dotnet/tye/issues/1185"),
                new("unauthorized: authentication required (also for a tag or repository that does not exist)", CauseCode.AuthenticationRequired, "https://github.com/Azure/acr/issues/359"),
                new("manifest unknown: manifest tagged by \"<tag>\" is not found", CauseCode.TagNotFound, "https://github.com/Azure/azure-functions-on-container-apps/issues/55; https://github.com/Azure/ipam/issues/345"),
                new("<registry>.azurecr.io/<repository:tag>: not found (containerd: repository or tag)", CauseCode.ImageNotFound, "MicrosoftDocs/SupportArticles-docs support/azure/azure-kubernetes/connectivity/cannot-pull-image-from-acr-to-aks-cluster.md (Cause 2); https://github.com/MicrosoftDocs/azure-docs/issues/100905 (repository never created)"),
            ],
            Fixes =
            [
                new(CauseCode.AuthenticationRequired, AuthPath.Node,
                    "{image}: ACR {registry} refused the pull: the kubelet identity may lack AcrPull, or the tag may not exist.",
                    "No pull secret applies, so the kubelet authenticates to {host} with the cluster's kubelet identity, which needs the AcrPull role on registry {registry}. ACR answers \"unauthorized: authentication required\" both when that role is missing and when the repository or tag does not exist.",
                    [
                        new("Attach the registry to the cluster (grants AcrPull to the kubelet identity):", "az aks update --name <cluster> --resource-group <resource-group> --attach-acr {registry}"),
                        new("Check the cluster can pull from it:", "az aks check-acr --name <cluster> --resource-group <resource-group> --acr {host}"),
                        new("Check the tag exists:", "az acr repository show-tags --name {registry} --repository {repository}"),
                    ]),
                new(CauseCode.AccessDenied, AuthPath.Node,
                    null,
                    "ACR {registry} authenticated the node's kubelet identity and refused the pull: it lacks AcrPull on the registry.",
                    [
                        new("Attach the registry to the cluster (grants AcrPull to the kubelet identity):", "az aks update --name <cluster> --resource-group <resource-group> --attach-acr {registry}"),
                    ]),
                new(CauseCode.AuthenticationFailed, AuthPath.PullSecret,
                    null,
                    "ACR {registry} rejected the credentials in pull secret {secret} (a service principal's secret or a repository token that expired or was revoked).",
                    [
                        new("Or drop the secret and let the kubelet identity pull:", "az aks update --name <cluster> --resource-group <resource-group> --attach-acr {registry}"),
                    ]),

                // Not found on ACR (commands: az acr repository show-tags / list, Azure CLI reference). A login server
                // misspelt as azureacr.io is the common mistake the AKS troubleshooting article names.
                new(CauseCode.TagNotFound, AuthPath.Any,
                    null,
                    "ACR {registry} has the repository {repository} but no tag {tag} in it (ACR says \"manifest tagged by ... is not found\"): the tag was never pushed to this registry, or was deleted or purged.",
                    [
                        new("List the repository's tags:", "az acr repository show-tags --name {registry} --repository {repository} --output table"),
                    ],
                    KeepsGenericSteps: true),
                new(CauseCode.ImageNotFound, AuthPath.Any,
                    null,
                    "On ACR {registry} the repository {repository} or its tag {tag} is missing; containerd's \"not found\" does not say which. Check the registry name and login server ({host}; azureacr.io is a common misspelling of azurecr.io), the repository and the tag.",
                    [
                        new("List the repository's tags (this fails as well when the repository itself is missing):", "az acr repository show-tags --name {registry} --repository {repository} --output table"),
                        new("List the registry's repositories:", "az acr repository list --name {registry} --output table"),
                    ],
                    KeepsGenericSteps: true),
                new(CauseCode.RepositoryNotFound, AuthPath.Any,
                    null,
                    "ACR {registry} has no repository {repository}: the name or the login server ({host}) is wrong, or nothing was pushed to it.",
                    [
                        new("List the registry's repositories:", "az acr repository list --name {registry} --output table"),
                    ],
                    KeepsGenericSteps: true),

                // https://learn.microsoft.com/azure/container-registry/container-registry-skus: read operations per minute
                // and download bandwidth depend on the registry's tier (Basic, Standard, Premium).
                new(CauseCode.RateLimited, AuthPath.Any,
                    null,
                    "ACR {registry} limits read operations per minute and download bandwidth by its service tier (Basic, Standard, Premium); many nodes pulling at once exceed it. Credentials do not raise it.",
                    [
                        new("See the registry's tier; Standard and Premium allow more reads per minute:", "az acr show --name {registry} --query sku.name"),
                        new("Raise the tier, or spread the pulls: roll out in smaller steps, keep imagePullPolicy IfNotPresent with pinned tags.", "az acr update --name {registry} --sku Premium"),
                    ]),
            ],
            Origin = "https://learn.microsoft.com/azure/aks/cluster-container-registry-integration",
        },
        new()
        {
            Kind = RegistryKind.Ghcr,
            Name = "GitHub Container Registry",
            HostForms = ["ghcr.io"],
            Challenges = [new("Bearer", "ghcr.io", "/token", "ghcr.io", "Bearer realm=\"https://ghcr.io/token\",service=\"ghcr.io\",scope=\"repository:user/image:pull\" as recorded in public client code (find_string corpus)")],
            Auth = NodeAuth.Anonymous | NodeAuth.PullSecret,
            Errors = [new("failed to fetch oauth token: unexpected status from GET request to https://ghcr.io/token?…: 403 Forbidden", CauseCode.AccessDenied, "https://github.com/rossoctl/rossoctl/issues/116")],
            DeniesMissingAndPrivateAlike = new([401, 403], StatusStated: false, "corpus rows: GHCR 'denied: denied', bare 'unauthorized' and a refused anonymous token for missing and private packages alike (README rule 3)"),
            Fixes =
            [
                new(CauseCode.RepositoryNotFoundOrPrivate, AuthPath.Any,
                    null,
                    "GHCR answers \"denied\" alike for a package that does not exist and for a private one. A private package needs a pull secret: a GitHub user name and a personal access token (classic) with the read:packages scope, from a user who may read the package.",
                    [
                        new("Make the package public (package settings, Danger Zone, Change visibility), or create a pull secret with a PAT that has read:packages:", "kubectl -n {namespace} create secret docker-registry {secret} --docker-server=ghcr.io --docker-username=<github-user> --docker-password=<personal-access-token> --dry-run=client -o yaml | kubectl apply -f -"),
                    ]),
                new(CauseCode.AccessDenied, AuthPath.Any,
                    null,
                    "GHCR refused the token in the pull secret for this package: the token lacks read:packages, or its user has no read access to the package (for an organization package, the package's access settings decide).",
                    [
                        new("Recreate the secret with a PAT (classic) that has read:packages, from a user with read access to the package:", "kubectl -n {namespace} create secret docker-registry {secret} --docker-server=ghcr.io --docker-username=<github-user> --docker-password=<personal-access-token> --dry-run=client -o yaml | kubectl apply -f -"),
                    ]),
            ],
            Origin = "https://docs.github.com/packages/working-with-a-github-packages-registry/working-with-the-container-registry",
        },
        new()
        {
            Kind = RegistryKind.DockerHub,
            Name = "Docker Hub",
            HostForms = ["docker.io", "registry-1.docker.io", "index.docker.io"],
            Challenges = [new("Bearer", "auth.docker.io", "/token", "registry.docker.io", "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\" as recorded in public client code (find_string corpus)")],
            Auth = NodeAuth.Anonymous | NodeAuth.PullSecret,
            SecretKey = "https://index.docker.io/v1/",
            Errors = [new("toomanyrequests: You have reached your pull rate limit.", CauseCode.RateLimited, "corpus messages.jsonl (Docker Hub rate-limit rows)")],
            Fixes =
            [
                new(CauseCode.RateLimited, AuthPath.Node,
                    null,
                    "Docker Hub limits anonymous pulls per source IP address: every node behind the same NAT gateway shares one limit.",
                    [
                        new("Pull as a Docker Hub user (the secret must be keyed https://index.docker.io/v1/):", "kubectl -n {namespace} create secret docker-registry {secret} --docker-server=https://index.docker.io/v1/ --docker-username=<docker-hub-user> --docker-password=<access-token> --dry-run=client -o yaml | kubectl apply -f -"),
                        new("Or pull through a cache: an ECR pull-through cache rule, an Artifact Registry remote repository, Harbor proxy cache, or mirror.gcr.io (Docker Hub images only) as a containerd mirror of docker.io."),
                    ]),
            ],
            Origin = "https://docs.docker.com/docker-hub/usage/",
        },
        new()
        {
            Kind = RegistryKind.Quay,
            Name = "Quay.io",
            HostForms = ["quay.io"],
            Challenges = [new("Bearer", "quay.io", "/v2/auth", "quay.io", "Bearer realm=\"https://quay.io/v2/auth\",service=\"quay.io\" as recorded in public client code (find_string corpus)")],
            Auth = NodeAuth.Anonymous | NodeAuth.PullSecret,

            // Quay's v2 API refuses a repository the token grants nothing on with its Unauthorized error (code UNAUTHORIZED,
            // "access to the requested resource is not authorized", status 401), whether the repository is private or
            // missing: containerd prints only the status line ("401 UNAUTHORIZED", Werkzeug's upper-case phrase). Its
            // other 401 bodies say what they mean (InvalidLogin "Specified credentials are invalid"; the 2016-era
            // "authentication required"), so only the stated status counts.
            DeniesMissingAndPrivateAlike = new([401], StatusStated: true, "quay/quay endpoints/v2/errors.py (Unauthorized, InvalidLogin); https://github.com/okd-project/okd-operator-pipeline/issues/4 (401 UNAUTHORIZED for a repository created private)"),
            Errors =
            [
                new("unauthorized: access to the requested resource is not authorized", CauseCode.RepositoryNotFoundOrPrivate, "quay/quay endpoints/v2/errors.py (Unauthorized); https://github.com/vouch/vouch-proxy/issues/505 (a misspelt repository)"),
                new("pulling from host quay.io failed with status code [manifests <tag>]: 401 UNAUTHORIZED", CauseCode.RepositoryNotFoundOrPrivate, "yugabyte/yugabyte-db docs/content/preview/yugabyte-platform/troubleshoot/install-upgrade-issues/kubernetes.md (private repository, no pull secret)"),
            ],
            Fixes =
            [
                new(CauseCode.RepositoryNotFoundOrPrivate, AuthPath.Any,
                    null,
                    "Quay answers 401 UNAUTHORIZED (\"access to the requested resource is not authorized\") alike for a repository that does not exist and for a private one, so the answer cannot tell a wrong name from missing credentials. To tell which, ask with credentials that may read it: list its tags with a robot account (or user) that has read permission on it; if that works, the repository is private and the pod needs a pull secret; if it is refused as well, the name is wrong or the repository was never pushed. A private repository is pulled with a robot account (user name <organization>+<robot>) that has read permission on it.",
                    [
                        new("List the repository's tags with the robot account's credentials (skopeo); \"unauthorized\" here too means the name is wrong or the robot has no read permission:", "skopeo list-tags --creds '<organization>+<robot>:<robot-token>' docker://quay.io/{repository}"),
                        new("If the name is right and the repository is private, create a pull secret with the robot account's name and token:", "kubectl -n {namespace} create secret docker-registry {secret} --docker-server=quay.io --docker-username='<organization>+<robot>' --docker-password=<robot-token> --dry-run=client -o yaml | kubectl apply -f -"),
                    ]),
                new(CauseCode.RepositoryNotFoundOrPrivate, AuthPath.PullSecret,
                    null,
                    "Quay answers 401 UNAUTHORIZED alike for a repository that does not exist and for one the account in pull secret {secret} may not read: either {repository} is misspelt or was never pushed, or the robot account (or user) lacks read permission on it.",
                    [
                        new("With the same account as the secret, list the repository's tags; \"unauthorized\" again means the name is wrong or the account may not read it:", "skopeo list-tags --creds '<organization>+<robot>:<robot-token>' docker://quay.io/{repository}"),
                        new("If the repository exists, give the robot account read permission on it (Quay API, with an OAuth token of an administrator of the repository), or recreate the secret {secret} with a robot account that has it:", "curl -X PUT -H \"Authorization: Bearer <oauth-token>\" -H \"Content-Type: application/json\" -d '{\"role\": \"read\"}' https://quay.io/api/v1/repository/{repository}/permissions/user/'<organization>+<robot>'"),
                    ]),
            ],
            Origin = "https://docs.quay.io/glossary/robot-accounts.html; permissions API: https://docs.redhat.com/en/documentation/red_hat_quay/3/html/managing_access_and_permissions/adjust-access-user-repo-api (PUT /api/v1/repository/{repository}/permissions/user/{username}); skopeo list-tags --creds: https://github.com/containers/skopeo/blob/main/docs/skopeo-list-tags.1.md",
        },
        new()
        {
            Kind = RegistryKind.Harbor,
            Name = "Harbor",
            HostForms = ["any host (recognised by its answer)"],
            Challenges = [new("Bearer", null, "/service/token", "harbor-registry", "Bearer realm=\"https://registry.xxxx.com/service/token\",service=\"harbor-registry\" (goharbor/harbor issue reports; find_string corpus)")],
            Auth = NodeAuth.Anonymous | NodeAuth.PullSecret,
            Fixes =
            [
                new(CauseCode.AccessDenied, AuthPath.Any,
                    null,
                    "Harbor authenticated the account and refused the pull: it is not a member of the project (Guest or above may pull), or a robot account lacks the pull permission on it.",
                    [
                        new("Add the account to the project, or use a robot account with pull permission (its name contains $, so quote it):", "kubectl -n {namespace} create secret docker-registry {secret} --docker-server={host} --docker-username='robot$<project>+<name>' --docker-password=<robot-secret> --dry-run=client -o yaml | kubectl apply -f -"),
                    ]),
                new(CauseCode.RepositoryNotFoundOrPrivate, AuthPath.Any,
                    null,
                    "Harbor gives anonymous clients tokens for public projects only: this project is private or the repository does not exist.",
                    [
                        new("Make the project public, or pull with a project member or robot account:", "kubectl -n {namespace} create secret docker-registry {secret} --docker-server={host} --docker-username='robot$<project>+<name>' --docker-password=<robot-secret> --dry-run=client -o yaml | kubectl apply -f -"),
                    ]),
            ],
            Origin = "https://goharbor.io/docs/main/working-with-projects/project-configuration/create-robot-accounts/",
        },
        new()
        {
            Kind = RegistryKind.GitLab,
            Name = "GitLab Container Registry",
            HostForms = ["registry.gitlab.com", "self-managed registries (recognised by service=\"container_registry\")"],
            Challenges = [new("Bearer", null, "/jwt/auth", "container_registry", "Bearer realm=\"https://gitlab.com/jwt/auth\",service=\"container_registry\" as recorded in public client code (find_string corpus)")],
            Auth = NodeAuth.Anonymous | NodeAuth.PullSecret,
            DeniesMissingAndPrivateAlike = new([403], StatusStated: false, "corpus rows: GitLab 'denied: access forbidden' for a missing project as for one the client may not read"),
            Fixes =
            [
                new(CauseCode.RepositoryNotFoundOrPrivate, AuthPath.Any,
                    null,
                    "GitLab answers \"denied: access forbidden\" for a project that does not exist as for one the client may not read. A private project's images are pulled with a deploy token (or access token) with the read_registry scope.",
                    [
                        new("Create a pull secret with a deploy token that has read_registry:", "kubectl -n {namespace} create secret docker-registry {secret} --docker-server={host} --docker-username=<deploy-token-user> --docker-password=<deploy-token> --dry-run=client -o yaml | kubectl apply -f -"),
                    ]),
            ],
            Origin = "https://docs.gitlab.com/user/packages/container_registry/authenticate_with_container_registry/",
        },
        new()
        {
            Kind = RegistryKind.Artifactory,
            Name = "JFrog Artifactory",
            HostForms = ["<server>.jfrog.io", "self-hosted (recognised by its /artifactory/api/docker/ token realm)"],
            Challenges = [new("Bearer", null, "/artifactory/api/docker/*/v2/token", null, "token realm .../artifactory/api/docker/<repo-key>/v2/token as used by public clients (find_string corpus)")],
            Auth = NodeAuth.PullSecret | NodeAuth.Anonymous,
            Fixes =
            [
                new(CauseCode.AccessDenied, AuthPath.Any,
                    null,
                    "Artifactory authenticated the user and refused the pull: the user (or token) lacks Read permission on the Docker repository; with the repository-path access method the repository key is the first part of the path.",
                    [
                        new("Give the user Read on the Docker repository (a permission target), or use an identity token of a user that has it:", "kubectl -n {namespace} create secret docker-registry {secret} --docker-server={host} --docker-username=<user> --docker-password=<identity-token> --dry-run=client -o yaml | kubectl apply -f -"),
                    ]),
            ],
            Origin = "https://jfrog.com/help/r/jfrog-artifactory-documentation/docker-registry",
        },
        new()
        {
            Kind = RegistryKind.Nexus,
            Name = "Sonatype Nexus Repository",
            HostForms = ["self-hosted (recognised by its Basic realm)"],
            Challenges = [new("Basic", null, null, null, "www-authenticate: BASIC realm=\"Sonatype Nexus Repository Manager\" (server: Nexus/3.20.1-01, recorded in a public write-up; find_string corpus)", "Sonatype Nexus Repository Manager")],
            Auth = NodeAuth.PullSecret | NodeAuth.Anonymous,
            Fixes =
            [
                new(CauseCode.AuthenticationRequired, AuthPath.Any,
                    null,
                    "Nexus asks for Basic credentials: anonymous pulls need the Docker Bearer Token Realm active and anonymous pull allowed on the Docker repository; otherwise a pull secret for a Nexus user with read on the repository.",
                    [
                        new("Create a pull secret for a Nexus user that may read the repository:", "kubectl -n {namespace} create secret docker-registry {secret} --docker-server={host} --docker-username=<nexus-user> --docker-password=<password> --dry-run=client -o yaml | kubectl apply -f -"),
                    ]),
            ],
            Origin = "https://help.sonatype.com/en/docker-authentication.html",
        },
        new()
        {
            Kind = RegistryKind.KubernetesRegistry,
            Name = "registry.k8s.io (Kubernetes project images)",
            HostForms = ["registry.k8s.io", "k8s.gcr.io (frozen)"],
            Auth = NodeAuth.Anonymous,
            Errors = [new("unexpected status from HEAD request to https://europe-west3-docker.pkg.dev/v2/k8s-artifacts-prod/images/pause/manifests/3.9: 403 Forbidden", CauseCode.AccessDenied, "https://github.com/berops/claudie/issues/1272 (registry.k8s.io redirected to a backend that refused the node's IP, kubernetes/registry.k8s.io#261)")],
            Fixes =
            [
                new(CauseCode.AccessDenied, AuthPath.Any,
                    null,
                    "registry.k8s.io is public and needs no credentials; it redirects pulls to a regional backend (Artifact Registry *.pkg.dev, or S3), and that backend refused the node. This has been seen for some cloud IP ranges.",
                    [
                        new("Let the nodes reach the backends registry.k8s.io redirects to, or mirror the images into a registry of your own (containerd mirror for registry.k8s.io)."),
                    ]),
                new(CauseCode.TagNotFound, AuthPath.Any,
                    null,
                    "k8s.gcr.io has been frozen since April 2023: newer releases are only on registry.k8s.io.",
                    [new("Use the same image on registry.k8s.io.")]),
                new(CauseCode.ImageNotFound, AuthPath.Any,
                    null,
                    "k8s.gcr.io has been frozen since April 2023: newer releases are only on registry.k8s.io.",
                    [new("Use the same image on registry.k8s.io.")]),
            ],
            Origin = "https://kubernetes.io/blog/2023/03/10/image-registry-redirect/",
        },
        new()
        {
            Kind = RegistryKind.Mirror,
            Name = "registry mirror / pull-through cache",
            HostForms = ["mirror.gcr.io", "a containerd hosts.toml mirror", "ECR pull-through cache (<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/…)"],
            Auth = NodeAuth.Anonymous | NodeAuth.PullSecret | NodeAuth.NodeIdentity,
            Fixes = [],
            Origin = "https://github.com/containerd/containerd/blob/main/docs/hosts.md",
        },
        new()
        {
            Kind = RegistryKind.Other,
            Name = "registry",
            HostForms = [],
            Auth = NodeAuth.PullSecret | NodeAuth.Anonymous,
            Origin = "OCI distribution spec",
        },
    ];
}
