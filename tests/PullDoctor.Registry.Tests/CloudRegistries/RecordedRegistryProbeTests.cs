using PullDoctor.Core.Causes;
using PullDoctor.Core.Registries;
using PullDoctor.Registry.Credentials;
using PullDoctor.Registry.Probe;
using PullDoctor.Registry.Tests.RealRegistry;
using PullDoctor.RegistryFixtures.Hostile;

namespace PullDoctor.Registry.Tests.CloudRegistries;

/// <summary>
/// The probe against a loopback server that answers with a cloud registry's recorded headers and bodies: the registry
/// is known by its answer (never by dialling it), and the cause is what that answer means. Recorded: the
/// <c>WWW-Authenticate</c> challenges and error bodies (origin beside each); not recorded: the loopback host and port,
/// and a token realm moved onto the loopback host where the real one would be dialled.
/// </summary>
public sealed class RecordedRegistryProbeTests
{
    // https://github.com/mayflower/docker-ls/issues/28 (curl -v of an ECR /v2/), account and region of
    // https://github.com/kubernetes/kubernetes/issues/102750.
    private const string EcrChallenge = "Basic realm=\"https://820537372947.dkr.ecr.us-east-1.amazonaws.com/\",service=\"ecr.amazonaws.com\"";

    private static RegistryProbeOptions PlainHttp(HostileRegistry registry) => Probes.Options(o => o.PlainHttpRegistries.Add(registry.Host));

    [Test]
    public async Task Ecr_Anonymous_IsKnownByItsBasicRealmAndAsksForCredentials()
    {
        await using var ecr = HostileRegistry.Start();
        // Body "Not Authorized": https://github.com/enix/kube-image-keeper/issues/172 ("unexpected status code 401 Unauthorized: Not Authorized").
        var unauthorized = HostileResponse.Text(401, "Not Authorized\n", "text/plain", ("WWW-Authenticate", EcrChallenge));
        ecr.On("/v2/", unauthorized).On("/v2/cats/*", unauthorized);

        var result = await Probes.ProbeAsync($"{ecr.Host}/cats:v2", options: PlainHttp(ecr));

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.AuthenticationRequired), Probes.Explain(result));
            Assert.That(result.CredentialsSent, Is.False);
            Assert.That(result.Registry?.Kind, Is.EqualTo(RegistryKind.Ecr));
            Assert.That((result.Registry?.Account, result.Registry?.Region), Is.EqualTo(("820537372947", "us-east-1")), "the realm names the registry");
        });
    }

    [Test]
    public async Task Ecr_ExpiredTokenInTheSecret_IsCredentialsExpired()
    {
        await using var ecr = HostileRegistry.Start();
        ecr.On("/v2/", r => r.Authorization is null ? HostileResponse.Text(401, "Not Authorized\n", "text/plain", ("WWW-Authenticate", EcrChallenge)) : HostileResponse.Json(200, "{}"));
        // ECR's body for an expired token: "denied: Your authorization token has expired. Reauthenticate and try again."
        // (https://github.com/aws/aws-cli/issues/6580), in the distribution error envelope.
        ecr.On("/v2/cats/*", r => r.Authorization is null
            ? HostileResponse.Text(401, "Not Authorized\n", "text/plain", ("WWW-Authenticate", EcrChallenge))
            : HostileResponse.RegistryError(403, "DENIED", "Your authorization token has expired. Reauthenticate and try again."));
        var request = Probes.Request($"{ecr.Host}/cats:v2") with { Credential = RegistryCredential.FromUsernamePassword("AWS", "eyJwYXlsb2FkIjoiZXhwaXJlZCJ9") };

        var result = await Probes.Create(PlainHttp(ecr)).ProbeAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.CredentialsExpired), Probes.Explain(result));
            Assert.That(result.CredentialsSent, Is.True);
            Assert.That(result.Registry?.Kind, Is.EqualTo(RegistryKind.Ecr));
        });
    }

    [Test]
    public async Task Acr_Anonymous_IsKnownByItsTokenRealmAndService()
    {
        await using var acr = HostileRegistry.Start();
        // https://learn.microsoft.com/azure/container-registry/container-registry-authentication / Azure SDK recordings:
        // Bearer realm="https://{name}.azurecr.io/oauth2/token",service="{name}.azurecr.io"; the realm is moved onto the
        // loopback host (its path and the service are as recorded). Token answer without credentials: ACR's
        // "authentication required, visit https://aka.ms/acr/authorization for more information." (dotnet/tye#1185).
        acr.On("/v2/", HostileResponse.BearerChallenge($"http://{acr.Host}/oauth2/token", "containerday2021.azurecr.io"));
        acr.On("/v2/backend/*", HostileResponse.BearerChallenge($"http://{acr.Host}/oauth2/token", "containerday2021.azurecr.io"));
        acr.On("/oauth2/token", HostileResponse.RegistryError(401, "UNAUTHORIZED", "authentication required, visit https://aka.ms/acr/authorization for more information."));

        var result = await Probes.ProbeAsync($"{acr.Host}/backend:0.10.0-dev", options: PlainHttp(acr));

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.AnyOf(CauseCode.AuthenticationRequired, CauseCode.RepositoryNotFoundOrPrivate), Probes.Explain(result));
            Assert.That(result.Registry?.Kind, Is.EqualTo(RegistryKind.Acr));
            Assert.That(result.Registry?.RegistryName, Is.EqualTo("containerday2021"), "the service names the login server");
        });
    }

    [Test]
    public async Task Harbor_IsKnownByItsService()
    {
        await using var harbor = HostileRegistry.Start();
        // Bearer realm="https://registry.xxxx.com/service/token",service="harbor-registry" (goharbor report, find_string
        // corpus); realm moved onto the loopback host. Harbor's token service gives anonymous tokens for public projects
        // only, so a private project's manifest answers 401 UNAUTHORIZED to that token.
        harbor.On("/v2/", HostileResponse.BearerChallenge($"http://{harbor.Host}/service/token", "harbor-registry"));
        harbor.On("/service/token", HostileResponse.Json(200, "{\"token\":\"anonymous-harbor-token\"}"));
        harbor.On("/v2/onprem/*", HostileResponse.RegistryError(401, "UNAUTHORIZED", "unauthorized to access repository: onprem/app, action: pull: unauthorized to access repository: onprem/app, action: pull")
            .WithHeader("WWW-Authenticate", $"Bearer realm=\"http://{harbor.Host}/service/token\",service=\"harbor-registry\",scope=\"repository:onprem/app:pull\""));

        var result = await Probes.ProbeAsync($"{harbor.Host}/onprem/app:1.0", options: PlainHttp(harbor));

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.RepositoryNotFoundOrPrivate), Probes.Explain(result));
            Assert.That(result.Registry?.Kind, Is.EqualTo(RegistryKind.Harbor));
        });
    }

    [Test]
    public async Task Nexus_IsKnownByItsBasicRealm()
    {
        await using var nexus = HostileRegistry.Start();
        // www-authenticate: BASIC realm="Sonatype Nexus Repository Manager" (server Nexus/3.20.1-01, find_string corpus).
        var challenge = HostileResponse.Text(401, string.Empty, "text/plain", ("WWW-Authenticate", "BASIC realm=\"Sonatype Nexus Repository Manager\""));
        nexus.On("/v2/", challenge).On("/v2/abcde-qwerty-fe/*", challenge);

        var result = await Probes.ProbeAsync($"{nexus.Host}/abcde-qwerty-fe:2.2.22", options: PlainHttp(nexus));

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.AuthenticationRequired), Probes.Explain(result));
            Assert.That(result.Registry?.Kind, Is.EqualTo(RegistryKind.Nexus));
        });
    }

    [Test]
    public async Task PlainDistribution_IsNoKnownRegistry()
    {
        await using var plain = HostileRegistry.Start();
        plain.On("/v2/", HostileResponse.BasicChallenge()).On("/v2/app/*", HostileResponse.BasicChallenge());

        var result = await Probes.ProbeAsync($"{plain.Host}/app:1", options: PlainHttp(plain));

        Assert.That(result.Registry, Is.Null, Probes.Explain(result));
    }
}
