using PullDoctor.Core.Kubernetes;

namespace PullDoctor.Core.Remediation;

/// <summary>Advice for credentials: none sent, rejected, expired, insufficient, or broken secrets.</summary>
public static partial class AdviceWriter
{
    private static Advice AuthenticationRequired(AdviceSubject s)
    {
        var server = s.RegistryServer;
        return Of(
            $"{s.Image}: {s.DisplayHost} requires credentials and none were sent.",
            $"The registry {s.DisplayHost} answered {s.HttpStatusText ?? "401 Unauthorized"}: pulling {s.Repository} needs a login, and the pod has no pull secret for {s.DisplayHost}{SecretsSeen(s)}.",
            [
                Step($"Create a docker-registry secret for {server} in namespace {s.Kubectl.Namespace}:", s.Kubectl.CreatePullSecret(server)),
                .. s.Edits.AttachPullSecret(KubectlCommands.DefaultSecretName),
                Step("Or, for every pod of the service account created from now on:", s.Kubectl.PatchServiceAccount()),
            ]);
    }

    private static Advice AuthenticationFailed(AdviceSubject s)
    {
        var used = s.Context.PullSecrets.FirstOrDefault(p => p.State == PullSecretState.Found)?.Name;
        var secret = used ?? KubectlCommands.DefaultSecretName;
        return Of(
            $"{s.Image}: {s.DisplayHost} rejected the credentials{(used is null ? string.Empty : $" from secret {used}")}.",
            $"Credentials were sent to {s.DisplayHost} and rejected{Status(s)}{RegistrySaid(s)}: the user name or password (token) in the pull secret is wrong or was revoked.",
            Step($"Put valid credentials in the secret {secret}:", s.Kubectl.CreatePullSecret(s.RegistryServer, secret)),
            s.Edits.Retry("Once the secret is recreated"));
    }

    private static Advice CredentialsExpired(AdviceSubject s) => Of(
        $"{s.Image}: the registry token for {s.DisplayHost} has expired.",
        $"{s.DisplayHost} rejected a short-lived credential as expired{RegistrySaid(s)}."
            + (s.Registry?.Profile.Fixes.Any(f => f.Cause == Causes.CauseCode.CredentialsExpired) == true
                ? string.Empty // the registry's table says how long its tokens last
                : " Tokens such as ECR's (12 hours) or GCR/Artifact Registry access tokens (1 hour) must be refreshed continuously; a pull secret holding one stops working when it expires."),
        Step("Use the kubelet's image credential provider for the registry (ecr-credential-provider, GCP/Azure providers) instead of a static secret, or run a job that refreshes the pull secret before the token expires."),
        Step("Refresh the secret now with a new token:", s.Kubectl.CreatePullSecret(s.RegistryServer, SecretName(s) ?? KubectlCommands.DefaultSecretName)));

    private static Advice AccessDenied(AdviceSubject s) => Of(
        $"{s.Image}: access to {s.Repository} is denied for these credentials.",
        $"The registry {s.DisplayHost} accepted who you are but refuses to let this identity pull {s.Repository}{Status(s)}{RegistrySaid(s)}.",
        Step($"Grant the pull permission on {s.Repository} to the identity in the pull secret{(SecretName(s) is { } name ? $" {name}" : string.Empty)} (the registry's read or pull role for that repository)."),
        Step("Or put credentials that already have pull access in the pull secret."),
        s.Edits.Retry("Once the identity may pull"));

    private static Advice PullSecretMissing(AdviceSubject s)
    {
        var missing = s.Context.PullSecrets.Where(p => p.State == PullSecretState.Missing).Select(p => p.Name).ToList();
        if (missing.Count == 0)
        {
            missing.AddRange(s.Facts.SecretNames);
        }

        var name = missing.FirstOrDefault() ?? KubectlCommands.DefaultSecretName;
        var names = missing.Count == 0 ? "a referenced imagePullSecret" : string.Join(", ", missing);
        return Of(
            $"{s.Image}: imagePullSecret {names} does not exist in namespace {s.Kubectl.Namespace}.",
            $"The pod references the pull secret {names}, which does not exist in namespace {s.Kubectl.Namespace}, so no credentials were sent to {s.DisplayHost}. Secrets are namespaced: one in another namespace does not count.",
            Step($"Create the secret {name} in {s.Kubectl.Namespace}:", s.Kubectl.CreatePullSecret(s.RegistryServer, name)),
            Step("Or copy it from the namespace that has it:", $"kubectl get secret {KubectlCommands.SecretName(name)} -n <other-namespace> -o json | jq 'del(.metadata.namespace,.metadata.resourceVersion,.metadata.uid,.metadata.creationTimestamp,.metadata.ownerReferences)' | kubectl apply -n {s.Kubectl.Namespace} -f -"),
            Step($"Or fix the imagePullSecrets name in {s.Where} (or its service account)."));
    }

    private static Advice PullSecretInvalid(AdviceSubject s)
    {
        var bad = s.Context.PullSecrets.FirstOrDefault(p => p.State is PullSecretState.Invalid or PullSecretState.NoEntryForRegistry);
        var problem = bad?.Detail ?? "it is malformed, of the wrong type, or has no entry for this registry host";
        var name = bad?.Name ?? KubectlCommands.DefaultSecretName;
        if (!ObjectNames.IsDnsSubdomain(name))
        {
            // The reference itself is broken: there is no secret to recreate, only a name to correct.
            return Of(
                $"{s.Image}: imagePullSecrets entry \"{name}\" is not a valid Secret name.",
                $"The pod (or its service account) references the pull secret \"{name}\": {problem}. No credentials were sent to {s.DisplayHost}.",
                Step($"Correct the imagePullSecrets entry in {s.Where} (or in service account {s.Kubectl.ServiceAccount}) to the name of a Secret in namespace {s.Kubectl.Namespace}."),
                Step($"If that secret does not exist yet, create it for {s.RegistryServer}:", s.Kubectl.CreatePullSecret(s.RegistryServer)));
        }

        return Of(
            $"{s.Image}: pull secret {name} cannot be used for {s.DisplayHost}: {problem}.",
            $"The pull secret {name} exists, but the kubelet cannot use it for {s.DisplayHost}: {problem}. The kubelet matches a secret's registry keys against the image's host (Docker Hub is keyed https://index.docker.io/v1/), so no credentials were sent.",
            Step($"Recreate {name} as type kubernetes.io/dockerconfigjson keyed for {s.RegistryServer} (a Secret's type cannot change, so it is deleted first):", s.Kubectl.DeleteSecret(name) + " && " + s.Kubectl.CreatePullSecret(s.RegistryServer, name)));
    }

    private static string? SecretName(AdviceSubject s) =>
        s.Context.PullSecrets.FirstOrDefault(p => p.State == PullSecretState.Found)?.Name;

    private static string SecretsSeen(AdviceSubject s)
    {
        var secrets = s.Context.PullSecrets;
        if (secrets.Count == 0)
        {
            return s.Context.CredentialsSent == false || s.Context.Namespace is not null ? " (no imagePullSecrets on the pod or its service account)" : string.Empty;
        }

        return " (" + string.Join("; ", secrets.Select(p => $"{p.Name} from {p.Source}: {p.State}{(p.Detail is null ? string.Empty : " — " + p.Detail)}")) + ")";
    }
}
